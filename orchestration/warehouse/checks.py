"""Checks on what a source delivered, before a build may replace the live warehouse: a source
that lost its data (no studies, or many fewer than the live warehouse) is an error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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


def source_outcomes(loads, warehouse, store) -> tuple[list[CheckOutcome], list]:
    """What the sources delivered (a `RawLoads`), checked before dbt runs: studies present and
    not dropping, data not older than the live warehouse's (errors), data recent (a warning);
    with each source's data dates."""
    from orchestration.warehouse.freshness import (
        build_data_dates,
        freshness_checks,
        live_data_dates,
    )

    checks = source_checks(
        loads.description(),
        loads.studies(),
        store.live_study_count(),
        warehouse.study_drop_limit(),
        loads.empty_hint(),
    )
    dates = build_data_dates(
        store, {source: report.export_date for source, report in loads.reports.items()}
    )
    checks += freshness_checks(
        dates, live_data_dates(store), date.today(), warehouse.max_source_lag_days
    )
    return checks, dates
