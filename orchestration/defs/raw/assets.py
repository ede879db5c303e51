"""Raw tables of every source (AACT, the CT.gov mirror, the vocabularies), bulk-loaded into a
new build beside the live warehouse, and the checks that keep a source which lost its data from
replacing a good warehouse."""

from dataclasses import replace

import dagster as dg

from orchestration.aact.schema import RAW_TABLES
from orchestration.ctgov.load import CTGOV_TABLES
from orchestration.defs.ctgov.assets import MIRROR, selection_synced_in_run
from orchestration.defs.freshness import warehouse_freshness_policy
from orchestration.defs.resources import (
    AactSourceResource,
    CtgovResource,
    VocabResource,
    WarehouseResource,
)
from orchestration.defs.warehouse.automation import RAW_TABLES_CONDITION
from orchestration.raw.errors import RawInputError
from orchestration.raw.load import TableLoad
from orchestration.vocab.load import VOCAB_TABLES
from orchestration.warehouse.build import source_outcomes
from orchestration.warehouse.builds import WarehouseStateError, new_build_id
from orchestration.warehouse.lock import BuildInProgress
from orchestration.warehouse.raw_loads import VOCAB, load_sources

RAW_GROUP = "raw"
STUDIES = dg.AssetKey(["aact", "studies"])


def raw_asset_key(table: str) -> dg.AssetKey:
    """The key dbt's `source('aact', table)` maps to."""
    return dg.AssetKey(["aact", table])


def ctgov_asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["ctgov", table])


def vocab_asset_key(table: str) -> dg.AssetKey:
    """The key dbt's `source('vocab', table)` maps to."""
    return dg.AssetKey([VOCAB, table])


# The kind of file each vocabulary table is read from (the UI shows it beside the target).
VOCAB_FILE_KINDS = {
    "mesh_tree_numbers": "tsv",
    "chembl_drug_indications": "json",
    "chembl_molecules": "json",
    "pmda_approvals": "excel",
}


@dg.multi_asset(
    name="raw_tables",
    specs=[
        *(
            dg.AssetSpec(
                raw_asset_key(table),
                group_name=RAW_GROUP,
                automation_condition=RAW_TABLES_CONDITION,
                kinds={"duckdb", "postgres", "csv"},
                freshness_policy=warehouse_freshness_policy(),
                description=f"AACT `{table}` as loaded (schema raw_aact), with AACT's ctgov_v2 "
                "columns and types; empty when CTW_SOURCES leaves AACT out.",
            )
            for table in RAW_TABLES
        ),
        *(
            dg.AssetSpec(
                ctgov_asset_key(table),
                group_name=RAW_GROUP,
                automation_condition=RAW_TABLES_CONDITION,
                kinds={"duckdb", "postgres", "json"},
                deps=[MIRROR],
                freshness_policy=warehouse_freshness_policy(),
                description=f"`{table}` flattened from the CT.gov mirror as AACT maps it "
                "(schema raw_ctgov); empty when CTW_SOURCES leaves ctgov out.",
            )
            for table in CTGOV_TABLES
        ),
        *(
            dg.AssetSpec(
                vocab_asset_key(table),
                group_name=RAW_GROUP,
                automation_condition=RAW_TABLES_CONDITION,
                kinds={"duckdb", "postgres", VOCAB_FILE_KINDS.get(table, "file")},
                description=f"Vocabulary table `{table}` (schema raw_vocab), read from the files "
                "CTW_MESH_FILE / CTW_CHEMBL_FILES / CTW_PMDA_FILE name; empty when none is set.",
            )
            for table in VOCAB_TABLES
        ),
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "studies_not_empty",
            asset=STUDIES,
            blocking=True,
            description="The sources have at least one study (an empty export must never "
            "replace a good warehouse).",
        ),
        dg.AssetCheckSpec(
            "studies_count_within_drop_limit",
            asset=STUDIES,
            blocking=True,
            description="Studies did not drop by more than CTW_MAX_STUDY_DROP (default 5 %) "
            "from the live warehouse.",
        ),
        dg.AssetCheckSpec(
            "source_not_older_than_live",
            asset=STUDIES,
            blocking=True,
            description="The sources' data date (AACT's export date, CT.gov's dataTimestamp, "
            "else the newest last_update_posted_date) is not older than the live warehouse's: "
            "a build never takes the warehouse back in time (`./warehouse rollback` does).",
        ),
        dg.AssetCheckSpec(
            "source_is_current",
            asset=STUDIES,
            description="The sources' data date is at most CTW_MAX_SOURCE_LAG_DAYS business "
            "days (default 2; the registry refreshes Monday to Friday) before today. A warning: "
            "a stale source is shown, and the build still publishes.",
        ),
        dg.AssetCheckSpec(
            "aact_columns_match_ddl",
            asset=STUDIES,
            description="Each AACT table has the columns of the bundled DDL (ctgov_v2.sql). A "
            "warning: new columns are kept in the raw table (as text unless the source types "
            "them) and DDL columns the source lacks load as NULL; the metadata names each.",
        ),
        dg.AssetCheckSpec(
            "ctgov_records_flattened",
            asset=ctgov_asset_key("studies"),
            description="Every mirrored CT.gov record flattened; those that did not are in "
            "raw_ctgov._rejects with the reason (a warning: the rest loads).",
        ),
    ],
    can_subset=False,
)
def raw_tables(
    context: dg.AssetExecutionContext,
    aact: AactSourceResource,
    ctgov: CtgovResource,
    vocab: VocabResource,
    warehouse: WarehouseResource,
):
    """Start a new build beside the live warehouse and bulk-load the chosen sources into it
    (DuckDB `read_csv` / PostgreSQL `COPY`), typed from AACT's DDL. Bad input fails the run
    with file, line, column and value; the live warehouse is untouched until publish."""
    store = warehouse.store()
    build_id = new_build_id(context.run.run_id)
    try:
        for note in store.begin(build_id):
            context.log.warning(note)
    except (BuildInProgress, WarehouseStateError) as exc:
        raise dg.Failure(description=str(exc)) from exc
    sources = warehouse.config().source_list()
    context.log.info(f"build {build_id}: loading {', '.join(sources)} into {store.describe()}")

    def log_table(source: str, loaded: TableLoad) -> None:
        where = "" if loaded.present else " (not in the source: created empty)"
        context.log.info(
            f"{source}/{loaded.table}: {loaded.rows:,} rows in {loaded.seconds:.1f} s{where}"
        )

    try:
        selection = ctgov.selection()
        synced = selection_synced_in_run(context)
        if synced is not None:
            selection = replace(selection, params=synced)
        loads = load_sources(
            sources, aact.config(), selection, store, build_id, on_table=log_table,
            vocab=vocab.config(),
        )  # fmt: skip
    except RawInputError as exc:
        raise dg.Failure(description=str(exc)) from exc

    if loads.mirror_line():
        context.log.info(loads.mirror_line())
    for line in loads.drift_lines():
        context.log.warning(line)
    outcomes, data_dates = source_outcomes(loads, warehouse.config(), store)
    dates = {d.source: d for d in data_dates}
    keyed = (("aact", raw_asset_key), ("ctgov", ctgov_asset_key), (VOCAB, vocab_asset_key))
    for source, key_for in keyed:
        report = loads.reports[source]
        for loaded in report.tables:
            metadata = {
                "dagster/row_count": loaded.rows,
                "build_id": build_id,
                "source": report.source,
                "data_date": report.export_date or "",
                "present_in_source": loaded.present,
                "load_seconds": round(loaded.seconds, 2),
                "warehouse_target": store.target,
            }
            if loaded.drift:
                metadata["new_columns"] = ", ".join(loaded.new_columns)
                metadata["missing_columns"] = ", ".join(loaded.missing_columns)
            if loaded.table == "studies" and source in dates:
                # the source's own time, and the newest update the warehouse now holds
                metadata["data_date"] = str(dates[source].data_date or "")
                metadata["newest_last_update_posted_date"] = str(dates[source].newest_update or "")
            yield dg.MaterializeResult(asset_key=key_for(loaded.table), metadata=metadata)
    for outcome in outcomes:
        yield dg.AssetCheckResult(
            check_name=outcome.name,
            asset_key=STUDIES,
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity.ERROR
            if outcome.severity == "error"
            else dg.AssetCheckSeverity.WARN,
            metadata={**outcome.metadata, "reason": outcome.reason},
        )
    drifted = [t for t in loads.reports["aact"].tables if t.drift]
    yield dg.AssetCheckResult(
        check_name="aact_columns_match_ddl",
        asset_key=STUDIES,
        passed=not drifted,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "tables_drifted": len(drifted),
            **{t.drift.name: "; ".join(t.drift.messages()) for t in drifted},
        },
    )
    yield dg.AssetCheckResult(
        check_name="ctgov_records_flattened",
        asset_key=ctgov_asset_key("studies"),
        passed=not loads.rejected,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "rejected": len(loads.rejected),
            "first": "; ".join(f"{r}: {why}" for r, why in loads.rejected[:5]),
        },
    )
