"""Raw AACT tables, bulk-loaded into a new build beside the live warehouse, and the checks that
keep a source which lost its data from replacing a good warehouse."""

import dagster as dg

from orchestration.aact.errors import AactInputError
from orchestration.aact.load import TableLoad, load_raw
from orchestration.aact.schema import RAW_TABLES
from orchestration.defs.resources import AactSourceResource, WarehouseResource
from orchestration.warehouse.builds import new_build_id
from orchestration.warehouse.checks import source_checks
from orchestration.warehouse.lock import BuildInProgress

RAW_GROUP = "raw"
STUDIES = dg.AssetKey(["aact", "studies"])


def raw_asset_key(table: str) -> dg.AssetKey:
    """The key dbt's `source('aact', table)` maps to."""
    return dg.AssetKey(["aact", table])


@dg.multi_asset(
    name="aact_raw_tables",
    specs=[
        dg.AssetSpec(
            raw_asset_key(table),
            group_name=RAW_GROUP,
            kinds={"duckdb", "postgres", "csv"},
            description=f"AACT `{table}` as extracted, with AACT's ctgov_v2 columns and types.",
        )
        for table in RAW_TABLES
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "studies_not_empty",
            asset=STUDIES,
            blocking=True,
            description="The source has at least one study (an empty export must never "
            "replace a good warehouse).",
        ),
        dg.AssetCheckSpec(
            "studies_count_within_drop_limit",
            asset=STUDIES,
            blocking=True,
            description="Studies did not drop by more than CTW_MAX_STUDY_DROP (default 5 %) "
            "from the live warehouse.",
        ),
    ],
    can_subset=False,
)
def aact_raw_tables(
    context: dg.AssetExecutionContext, aact: AactSourceResource, warehouse: WarehouseResource
):
    """Start a new build beside the live warehouse and bulk-load every raw AACT table into it
    (DuckDB `read_csv` / PostgreSQL `COPY`), typed from AACT's DDL. Bad input fails the run
    with file, line, column and value; the live warehouse is untouched until publish."""
    store = warehouse.store()
    build_id = new_build_id(context.run.run_id)
    try:
        store.begin(build_id)
    except BuildInProgress as exc:
        raise dg.Failure(description=str(exc)) from exc
    context.log.info(f"build {build_id}: loading {aact.describe()} into {store.describe()}")

    def log_table(loaded: TableLoad) -> None:
        where = "" if loaded.present else " (not in the source: created empty)"
        message = f"{loaded.table}: {loaded.rows:,} rows in {loaded.seconds:.1f} s{where}"
        context.log.info(message)

    try:
        with aact.open(store.scratch_dir) as source, store.connect_slot() as connection:
            report = load_raw(
                source,
                store.target,
                connection,
                store.slot_schema,
                build_id,
                on_table=log_table,
            )
    except AactInputError as exc:
        raise dg.Failure(description=str(exc)) from exc

    counts = report.row_counts()
    for loaded in report.tables:
        yield dg.MaterializeResult(
            asset_key=raw_asset_key(loaded.table),
            metadata={
                "dagster/row_count": loaded.rows,
                "build_id": build_id,
                "source": report.source,
                "export_date": report.export_date or "",
                "present_in_source": loaded.present,
                "load_seconds": round(loaded.seconds, 2),
                "warehouse_target": store.target,
            },
        )
    live = store.live_study_count()
    for outcome in source_checks(
        report.source, counts["studies"], live, warehouse.study_drop_limit()
    ):
        yield dg.AssetCheckResult(
            check_name=outcome.name,
            asset_key=STUDIES,
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={**outcome.metadata, "reason": outcome.reason},
        )
