"""Commands that read the live warehouse and change nothing: `summary`, `sql`, `changes`,
`trial` (one study as a card) and `export` (every mart to files, with a manifest)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from orchestration import settings
from orchestration.cli.common import (
    CliError,
    emptied_raw_warning,
    first_line,
    plain,
    reader_gone,
    say,
    warehouse_store,
)

SUMMARY_QUERIES = {
    "drug–disease associations": (
        "select count(*), count(distinct drug_concept_id), count(distinct condition_concept_id), "
        "count(case when drug_concept_source <> 'name' and condition_concept_source <> 'name' "
        "then 1 end) from marts.fct_drug_disease_associations",
        "{0:,} pairs of {1:,} drug concepts × {2:,} condition concepts, {3:,} of them with both "
        "ids (ChEMBL or MeSH; else the normalised name); placebo, healthy volunteers and "
        "withdrawn trials left out",
    ),
    "labels mapped": (
        "select drugs, drugs_mesh, coalesce(round(100.0 * drugs_mesh / nullif(drugs, 0)), 0), "
        "drugs_chembl, conditions, conditions_mesh, "
        "coalesce(round(100.0 * conditions_mesh / nullif(conditions, 0)), 0), conditions_mesh_id "
        "from (select count(distinct drug_key) as drugs, count(distinct case when drug_mesh_id "
        "is not null or drug_mesh_term is not null then drug_key end) as drugs_mesh, "
        "count(distinct case when drug_chembl_id is not null then drug_key end) as drugs_chembl, "
        "count(distinct condition_key) as conditions, count(distinct case when "
        "condition_mesh_term is not null then condition_key end) as conditions_mesh, "
        "count(distinct case when condition_mesh_id is not null then condition_key end) "
        "as conditions_mesh_id from marts.fct_trial_drug_conditions where is_counted) as counted",
        "drugs {1:,} of {0:,} ({2:.0f} %) to MeSH, {3:,} to ChEMBL; conditions {5:,} of {4:,} "
        "({6:.0f} %) to MeSH, {7:,} of them with a descriptor id (distinct labels)",
    ),
    "mapped per study": (
        "select cast(coalesce(sum(case when condition_mesh_terms > 0 then conditions_mapped "
        "end), 0) as bigint), cast(coalesce(sum(case when condition_mesh_terms > 0 then "
        "condition_count end), 0) as bigint), cast(coalesce(sum(drugs_mapped), 0) as bigint), "
        "cast(coalesce(sum(drug_count), 0) as bigint) from marts.dim_trials",
        "conditions {0:,} of {1:,} ({percent_0_1}) in studies with MeSH condition terms; drugs "
        "{2:,} of {3:,} ({percent_2_3}) to a MeSH or ChEMBL id (study × label; clinical_mining: "
        "about 57 % of indications, 53 % of drugs)",
    ),
    "MeSH roll-up": (
        "select count(*), count(distinct mesh_term) from marts.fct_drug_mesh_conditions",
        "{0:,} drug × MeSH condition rows over {1:,} MeSH terms (ancestors included)",
    ),
    "outcome summaries": (
        "select count(*), count(distinct outcome_id), count(distinct nct_id) "
        "from marts.fct_outcome_summaries",
        "{0:,} outcome × result-group rows for {1:,} outcomes in {2:,} trials",
    ),
    "outcome analyses": (
        "select count(*), coalesce(sum(case when p_value_is_bound then 1 else 0 end), 0) "
        "from marts.fct_outcome_analyses",
        "{0:,} analyses, {1:,} of them with a p-value bound (<, >)",
    ),
    "results by drug": (
        "select count(*), count(distinct drug_key), count(distinct nct_id), "
        "(select count(*) from marts.fct_drug_adverse_events) "
        "from marts.fct_drug_outcome_results",
        "{0:,} drug × outcome measurement × analysis rows for {1:,} drugs in {2:,} trials, "
        "{3:,} drug × adverse event rows (result groups linked to their arms)",
    ),
}
TOP_PAIRS = (
    "select drug_name, condition_name, trial_count, coalesce(max_phase, '-'), nct_ids "
    "from marts.fct_drug_disease_associations "
    "order by trial_count desc, max_phase_rank desc nulls last, "
    # code-point order on both targets (DuckDB's; a PostgreSQL database may sort linguistically)
    'drug_name collate "C", condition_name collate "C" limit 5'
)


IDS_SHOWN = 5  # NCT ids named per top pair; a whole-registry pair has thousands


def first_ids(nct_ids: str, shown: int = IDS_SHOWN) -> str:
    """The first `shown` of a mart's comma-separated NCT ids, and how many more there are, so
    a pair of 6,000 trials stays one line."""
    ids = [i for i in (nct_ids or "").split(", ") if i]
    if len(ids) <= shown:
        return ", ".join(ids)
    return f"{', '.join(ids[:shown])} and {len(ids) - shown:,} more"


def percentages(row: tuple) -> dict[str, str]:
    """`percent_<i>_<j>`: row[i] as a share of row[j] ("83 %", "-" when row[j] is 0), for every
    pair of whole numbers in the row (a summary template names the ones it shows)."""
    numbers = [(i, v) for i, v in enumerate(row) if isinstance(v, int)]
    return {
        f"percent_{i}_{j}": f"{100 * part / whole:.0f} %" if whole else "-"
        for i, part in numbers
        for j, whole in numbers
        if i != j
    }


def mart_summary(store) -> str:
    """A few lines on what the live marts hold."""
    from orchestration.warehouse.builds import WarehouseStateError

    try:
        lines = [f"Warehouse ({store.target}): {store.describe()}"]
        statements = [query for query, _ in SUMMARY_QUERIES.values()] + [TOP_PAIRS]
        *summaries, top_pairs = store.queries(statements)  # one connection
        for (title, (_, template)), rows in zip(SUMMARY_QUERIES.items(), summaries, strict=True):
            row = rows[0]
            lines.append(f"  {title}: " + template.format(*row, **percentages(row)))
        lines.append("  top drug–disease pairs by trial count:")
        for drug, condition, trials, phase, nct_ids in top_pairs:
            lines.append(
                f"    {drug} × {condition}: {trials:,} trial(s), max {phase} [{first_ids(nct_ids)}]"
            )
    except WarehouseStateError as exc:
        raise CliError(str(exc)) from None
    except Exception as exc:  # the database's own error: no marts yet, wrong database, …
        first = first_line(exc)
        raise CliError(
            f"{store.describe()}: the marts cannot be read ({first}); run `./warehouse build` first"
        ) from None
    return "\n".join(lines)


def summary() -> int:
    store = warehouse_store()
    say(mart_summary(store))
    # not in every build's summary: a build has just loaded its raw tables
    warning = emptied_raw_warning(store)
    if warning:
        say("  " + warning)
    return 0


def sql(statement: str | None, fmt: str = "tsv") -> int:
    """Print the rows of one read-only query against the live warehouse (see sql_reader) as
    `fmt` (see row_formats)."""
    from orchestration.cli.row_formats import write_rows
    from orchestration.warehouse.builds import WarehouseStateError
    from orchestration.warehouse.sql_reader import read_only_query_batches
    from orchestration.warehouse.stores import WarehouseConfig

    query = statement if statement else sys.stdin.read()
    if not query.strip():
        raise CliError('no SQL given: `./warehouse sql "select …"` or SQL on stdin')

    def write(text: str) -> None:
        sys.stdout.write(plain(text, sys.stdout))

    try:
        with read_only_query_batches(WarehouseConfig.from_settings(), query) as (columns, rows):
            write_rows(fmt, columns, rows, write)
    except WarehouseStateError as exc:
        raise CliError(str(exc)) from None
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise CliError(f"query failed: {first_line(exc)}") from None
    sys.stdout.flush()
    return 0


def changes(since: str | None) -> int:
    """The studies each build added, updated and removed, newest build first (tab-separated)."""
    from orchestration.warehouse.changes import changes_query

    if since is not None:
        try:
            date.fromisoformat(since)
        except ValueError:
            raise CliError(f"--since {since!r}: expected a date, YYYY-MM-DD") from None
    store = warehouse_store()
    try:
        columns, rows = store.query_with_columns(changes_query(f'"{store.raw_schema}"', since))
    except Exception as exc:
        first = first_line(exc)
        if "does not exist" in first or "Catalog Error" in first:  # built before they were
            raise CliError(
                f"{store.describe()}: no recorded changes ({first}); builds record them from now on"
            ) from None
        raise CliError(f"{store.describe()}: cannot read the recorded changes ({first})") from None
    say("\t".join(["build_id", "recorded_on", "change", "nct_id", "last_update_posted_date"]))
    for row in rows:
        say("\t".join("" if v is None else str(v) for v in row))
    builds = len({row[0] for row in rows})
    say(
        f"{len(rows):,} study change{'' if len(rows) == 1 else 's'} in {builds:,} "
        f"build{'' if builds == 1 else 's'}" + (f" since {since}" if since else ""),
        sys.stderr,
    )
    return 0


def trial(nct_id: str) -> int:
    """One study of the live warehouse as a card (see orchestration/marts/trial_card.py)."""
    from orchestration.marts.trial_card import TrialNotFound, trial_card
    from orchestration.warehouse.builds import WarehouseStateError

    store = warehouse_store()
    try:
        card = trial_card(store.query_with_columns, nct_id)
    except TrialNotFound as exc:
        raise CliError(f"{store.describe()}: {exc}") from None
    except WarehouseStateError as exc:
        raise CliError(str(exc)) from None
    except Exception as exc:  # the database's own error: no marts yet, an older build, …
        raise CliError(
            f"{store.describe()}: the study cannot be read ({first_line(exc)}); "
            "run `./warehouse build` first"
        ) from None
    for line in card.lines():
        say(line)
    return 0


def export(directory: Path, fmt: str) -> int:
    """Every live mart into `directory` as `fmt`, with manifest.json (see marts/export.py)."""
    from orchestration.marts.export import export_marts
    from orchestration.warehouse.builds import WarehouseStateError

    target = Path(settings.resolve_user_path(str(directory)))

    def report(m) -> None:
        try:
            say(f"  {m.name}: {m.rows:,} rows, {m.bytes:,} bytes → {m.file}")
        except BrokenPipeError:  # `… | head -1`: the export goes on, its lines to nowhere
            reader_gone()

    try:
        manifest = export_marts(target, fmt, on_mart=report)
    except WarehouseStateError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"{target}: {exc.strerror or exc}") from None
    except Exception as exc:  # the database's own error (a reader without access, …)
        raise CliError(f"export failed: {first_line(exc)}") from None
    rows = sum(m.rows for m in manifest.marts)
    dates = ", ".join(f"{s} data of {d['data_date']}" for s, d in manifest.sources.items())
    say(
        f"Exported {len(manifest.marts)} marts ({rows:,} rows) of build {manifest.build_id} "
        f"({dates or 'no data date'}) to {target}, listed with their sha256 in manifest.json"
    )
    return 0
