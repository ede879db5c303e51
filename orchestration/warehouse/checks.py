"""Checks on what a source delivered, before a build may replace the live warehouse: a source
that lost its data (no studies, many fewer than the live warehouse, or a table emptied or
halved: a truncated or header-only file) is an error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from orchestration.sources import raw_schemas, study_schemas


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    reason: str
    metadata: dict
    severity: str = "error"  # error: a failure stops the build; warn: shown, not blocking

    @property
    def blocks(self) -> bool:
        return not self.passed and self.severity == "error"


def study_drop(new: int, live: int | None) -> float:
    """The share of the live warehouse's studies a new build would lose (0 when it grows)."""
    if not live:
        return 0.0
    return max(0.0, (live - new) / live)


def source_checks(
    source: str, studies: int, live: int | None, limit: float, empty_hint: str = ""
) -> list[CheckOutcome]:
    """`studies_not_empty` and `studies_count_within_drop_limit`, both error-level. `empty_hint`:
    what to do when there are no studies (e.g. sync the CT.gov mirror first)."""
    drop = study_drop(studies, live)
    empty = f"{source}: the studies table has no rows" + (f"; {empty_hint}" if empty_hint else "")
    return [
        CheckOutcome(
            "studies_not_empty",
            studies > 0,
            "" if studies else empty,
            {"studies": studies},
        ),
        CheckOutcome(
            "studies_count_within_drop_limit",
            drop <= limit,
            ""
            if drop <= limit
            else f"studies would drop {drop:.1%} (from {live:,} to {studies:,}), more than "
            f"CTW_MAX_STUDY_DROP={limit:.1%}",
            {
                "studies": studies,
                "live_studies": live if live is not None else -1,
                "drop": f"{drop:.1%}",
                "limit": f"{limit:.1%}",
            },
        ),
    ]


def table_drops(
    new: Mapping[str, tuple[int, bool | None]],
    live: Mapping[str, int],
    limit: float,
    studies_dropped: float = 0.0,
) -> list[str]:
    """Each raw table (`source/table`: its rows now, whether the source has it; None for a
    table no source holds, a mart) that would lose
    more than `limit` of the live build's rows beyond the share the studies lose (a selection
    narrowed on purpose shrinks every table with its studies), in words: `aact/conditions 85 →
    0 rows (the source's table has no rows)`. Tables the live build lacks are new, not dropped."""
    drops = []
    for key, (rows, present) in new.items():
        before = live.get(key)
        if not before or (before - rows) / before - studies_dropped <= limit:
            continue
        why = ""
        if not rows and present is not None:  # None: not a source's table (a mart)
            why = " (the source's table has no rows)" if present else " (not in the source)"
        drops.append(f"{key} {before:,} → {rows:,} rows{why}")
    return drops


def table_drop_check(drops: list[str], limit: float, studies_dropped: float) -> CheckOutcome:
    """`raw_tables_within_drop_limit`, error-level: a study source whose tables keep their
    studies but lose most of a child table (conditions, outcomes) would publish marts that
    silently lost it."""
    beyond = f" beyond the studies' own drop of {studies_dropped:.1%}" if studies_dropped else ""
    return CheckOutcome(
        "raw_tables_within_drop_limit",
        not drops,
        ""
        if not drops
        else f"raw tables would lose more than CTW_MAX_TABLE_DROP={limit:.1%} of the live "
        f"build's rows{beyond}: {'; '.join(drops)} (a truncated or header-only file? set "
        "CTW_MAX_TABLE_DROP=100% to publish anyway)",
        {"tables_dropped": len(drops), "limit": f"{limit:.1%}", "dropped": "; ".join(drops)},
    )


def mart_drops(
    mart_rows: Mapping[str, tuple[int | None, int | None]], limit: float
) -> tuple[list[str], float]:
    """The marts (rows now, rows live) that would lose more than `limit` of the live build's
    rows beyond the share of studies `dim_trials` loses, in words (`dim_conditions 103 → 0
    rows`), and that share. A source column the marts read can vanish (a renamed or dropped
    AACT column loads as NULL) while every raw table keeps its rows."""
    now_trials, live_trials = mart_rows.get("dim_trials", (None, None))
    studies_dropped = study_drop(now_trials or 0, live_trials) if now_trials is not None else 0.0
    drops = table_drops(
        {mart: (rows, None) for mart, (rows, _) in mart_rows.items() if rows is not None},
        {mart: before for mart, (_, before) in mart_rows.items() if before is not None},
        limit,
        studies_dropped,
    )
    return drops, studies_dropped


def mart_drop_message(drops: list[str], limit: float, studies_dropped: float) -> str:
    beyond = f" beyond the studies' own drop of {studies_dropped:.1%}" if studies_dropped else ""
    return (
        f"marts would lose more than CTW_MAX_TABLE_DROP={limit:.1%} of the live build's rows"
        f"{beyond}: {'; '.join(drops)}; not published (a source column the marts read renamed "
        "or missing? see the schema drift warnings; set CTW_MAX_TABLE_DROP=100% to publish "
        "anyway)"
    )


def live_table_rows(store, sources: Iterable[str]) -> dict[str, int]:
    """The live build's rows per raw table of each source (`source/table`), as its load logged
    them (`<raw schema>._loads`); empty when nothing is live or the live build had not that
    source."""
    if store.live_build() is None:
        return {}
    schemas = raw_schemas(store.raw_schema)
    rows = {}
    for source in sources:
        if source not in schemas:
            continue
        try:
            logged = store.query(f'select table_name, row_count from "{schemas[source]}"._loads')
        except Exception:  # noqa: BLE001 - a live build from before this source existed
            continue
        rows.update({f"{source}/{table}": count for table, count in logged})
    return rows


def source_outcomes(loads, warehouse, store) -> tuple[list[CheckOutcome], list]:
    """What the sources delivered (a `RawLoads`), checked before dbt runs: studies present and
    not dropping, data not older than the live warehouse's (errors), data recent (a warning);
    with each source's data dates."""
    with store.reading_live():
        return _source_outcomes(loads, warehouse, store)


def _source_outcomes(loads, warehouse, store) -> tuple[list[CheckOutcome], list]:
    from orchestration.warehouse.freshness import (
        build_data_dates,
        freshness_checks,
        live_data_dates,
    )

    live = store.live_study_count()
    checks = source_checks(
        loads.description(),
        loads.studies(),
        live,
        warehouse.study_drop_limit(),
        loads.empty_hint(),
    )
    chosen = [s for s in warehouse.source_list() if s in study_schemas(store.raw_schema)]
    new = {
        f"{source}/{table.table}": (table.rows, table.present)
        for source in chosen
        for table in loads.reports[source].tables
    }
    limit, studies_dropped = warehouse.table_drop_limit(), study_drop(loads.studies(), live)
    drops = table_drops(new, live_table_rows(store, chosen), limit, studies_dropped)
    if "vocab" in loads.reports:  # a vocabulary does not shrink with the studies: an empty or
        # cut file (gilda's mappings, EFO) would publish marts that silently lost its ids
        vocab = {f"vocab/{t.table}": (t.rows, t.present) for t in loads.reports["vocab"].tables}
        drops += table_drops(vocab, live_table_rows(store, ["vocab"]), limit)
    checks.append(table_drop_check(drops, limit, studies_dropped))
    dates = build_data_dates(
        store, {source: report.export_date for source, report in loads.reports.items()}
    )
    checks += freshness_checks(
        dates, live_data_dates(store), date.today(), warehouse.max_source_lag_days
    )
    return checks, dates
