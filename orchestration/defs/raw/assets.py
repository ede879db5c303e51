"""Raw tables of every source of orchestration/sources.py (AACT, the CT.gov mirror, the
vocabularies), keyed <source>/<table> and bulk-loaded into a new build beside the live warehouse,
and the checks that keep a source which lost its data from replacing a good warehouse."""

import dagster as dg

from orchestration.dbt import warmup as dbt_warmup
from orchestration.defs.freshness import warehouse_freshness_policy
from orchestration.defs.progress import run_progress
from orchestration.defs.warehouse.automation import RAW_TABLES_CONDITION
from orchestration.raw.errors import RawInputError
from orchestration.raw.load import LoadReport, TableLoad
from orchestration.settings import SettingsError
from orchestration.sources import SOURCES, Source, is_read, study_sources
from orchestration.warehouse.builds import WarehouseStateError, new_build_id
from orchestration.warehouse.checks import source_outcomes
from orchestration.warehouse.lock import BuildInProgress
from orchestration.warehouse.raw_loads import RawLoads, load_sources

RAW_GROUP = "raw"


def raw_asset_key(source: Source, table: str) -> dg.AssetKey:
    """The key dbt's `source(<source>, table)` maps to."""
    return dg.AssetKey([source.asset_prefix, table])


# The registries' checks sit on the first registry's studies (aact/studies).
STUDIES = raw_asset_key(study_sources()[0], "studies")


def raw_table_spec(source: Source, table: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        raw_asset_key(source, table),
        group_name=RAW_GROUP,
        automation_condition=RAW_TABLES_CONDITION,
        kinds=source.kinds(table),
        deps=[dg.AssetKey(key.split("/")) for key in source.upstream],
        # the registries' tables are as fresh as the registry; the vocabularies change rarely
        freshness_policy=warehouse_freshness_policy() if source.holds_studies else None,
        description=source.description.format(table=table, schema=source.raw_schema),
    )


def load_report(loads: RawLoads) -> dict:
    """What the load did, for the build's summary (the CLI prints it from the run's events)."""
    return {
        "sources": loads.description(),
        "studies": loads.studies(),
        "row_counts": {
            f"{source}/{table}": rows
            for source, report in loads.reports.items()
            for table, rows in report.row_counts().items()
        },
        "missing": {source: report.missing for source, report in loads.reports.items()},
        "source_lines": loads.source_lines(),
        "ctgov_flattened": loads.mirror.flattened if loads.mirror else None,
        "ctgov_flatten_seconds": loads.mirror.seconds if loads.mirror else None,
        "warnings": [
            *loads.drift_lines(),
            *(f"CT.gov record {record} set aside: {why}" for record, why in loads.rejected),
            *(
                f"CT.gov study {nct_id} loaded at its earlier record; its newest cannot be read: "
                f"{why}"
                for nct_id, why in (loads.mirror.kept_earlier if loads.mirror else [])
            ),
        ],
    }


REGISTRY_CHECKS = [
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
        "raw_tables_within_drop_limit",
        asset=STUDIES,
        blocking=True,
        description="No raw table of a chosen study source lost more than CTW_MAX_TABLE_DROP "
        "(default 50 %) of the live warehouse's rows: a header-only, missing or truncated file "
        "(conditions, outcomes) must not empty the marts that read it.",
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
]


@dg.multi_asset(
    name="raw_tables",
    specs=[raw_table_spec(source, table) for source in SOURCES for table in source.tables],
    check_specs=[
        *REGISTRY_CHECKS,
        *(
            dg.AssetCheckSpec(
                check.name, asset=raw_asset_key(source, "studies"), description=check.description
            )
            for source in SOURCES
            for check in source.checks
        ),
    ],
    can_subset=False,
    # each source's resource bears its name; the warehouse's says which registries are chosen
    required_resource_keys={"warehouse", *(source.name for source in SOURCES)},
)
def raw_tables(context: dg.AssetExecutionContext):
    """Start a new build beside the live warehouse and bulk-load the chosen sources into it
    (DuckDB `read_csv` / PostgreSQL `COPY`), typed from the DDL. Bad input fails the run with
    file, line, column and value; the live warehouse is untouched until publish."""
    warehouse = context.resources.warehouse
    store = warehouse.store()
    build_id = new_build_id(context.run.run_id)
    try:
        for note in store.begin(build_id):  # what it cleaned up after a crashed build
            context.log.info(note)
    except (BuildInProgress, WarehouseStateError) as exc:
        raise dg.Failure(description=str(exc)) from exc
    sources = warehouse.config().source_list()
    dbt_warmup.start(store.target)  # dbt's once-per-process work, beside the load
    context.log.info(f"build {build_id}: loading {', '.join(sources)} into {store.describe()}")

    # a registry not chosen is loaded as empty tables: one line for all of them (below)
    unchosen = [s.name for s in SOURCES if not is_read(s, sources)]

    def log_table(source: str, loaded: TableLoad) -> None:
        if source in unchosen:
            return
        where = "" if loaded.present else " (not in the source: created empty)"
        context.log.info(
            f"loaded {source}/{loaded.table}: {loaded.rows:,} rows in {loaded.seconds:.1f} s{where}"
        )

    configs = {
        source.name: getattr(context.resources, source.name).source_config(context)
        for source in SOURCES
        if is_read(source, sources)
    }
    try:
        loads = load_sources(
            sources, store, build_id, configs=configs, on_table=log_table,
            progress=run_progress(context),
        )  # fmt: skip
    except (RawInputError, SettingsError) as exc:  # names the file, line, column and value
        raise dg.Failure(description=f"raw tables: {exc}") from exc

    for name in unchosen:
        context.log.info(
            f"{name}: not in CTW_SOURCES ({', '.join(sources)}): its "
            f"{len(loads.reports[name].tables)} tables created empty"
        )
    for line in loads.source_lines():
        context.log.info(line)
    for line in loads.drift_lines():
        context.log.warning(line)
    outcomes, data_dates = source_outcomes(loads, warehouse.config(), store)
    dates = {d.source: d for d in data_dates}
    for source in SOURCES:
        report = loads.reports[source.name]
        for loaded in report.tables:
            metadata = _table_metadata(report, loaded, build_id, store.target)
            if raw_asset_key(source, loaded.table) == STUDIES:
                metadata["build_report"] = dg.MetadataValue.json(load_report(loads))
            if loaded.table == "studies" and source.name in dates:
                # the source's own time, and the newest update the warehouse now holds
                metadata["data_date"] = str(dates[source.name].data_date or "")
                metadata["newest_last_update_posted_date"] = str(
                    dates[source.name].newest_update or ""
                )
            yield dg.MaterializeResult(
                asset_key=raw_asset_key(source, loaded.table), metadata=metadata
            )
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
    for source in SOURCES:
        for check in source.checks:
            yield source_check_result(source, check.name, check.kind, loads)


def _table_metadata(report: LoadReport, loaded: TableLoad, build_id: str, target: str) -> dict:
    metadata = {
        "dagster/row_count": loaded.rows,
        "build_id": build_id,
        "source": report.source,
        "data_date": report.export_date or "",
        "present_in_source": loaded.present,
        "load_seconds": round(loaded.seconds, 2),
        "warehouse_target": target,
    }
    if loaded.drift:
        metadata["new_columns"] = ", ".join(loaded.new_columns)
        metadata["missing_columns"] = ", ".join(loaded.missing_columns)
    return metadata


def source_check_result(
    source: Source, name: str, kind: str, loads: RawLoads
) -> dg.AssetCheckResult:
    """A source's own check (a warning): its tables' drift from the DDL, or the records it set
    aside."""
    if kind == "drift":
        drifted = [t for t in loads.reports[source.name].tables if t.drift]
        passed = not drifted
        metadata = {
            "reason": f"{len(drifted)} table(s) differ from the DDL: "
            + ", ".join(t.table for t in drifted),
            "tables_drifted": len(drifted),
            **{t.drift.name: "; ".join(t.drift.messages()) for t in drifted},
        }
    else:
        rejected = loads.rejects.get(source.name, [])
        # studies whose newest record failed, loaded at their earlier one (ctgov/load.py)
        earlier = getattr(loads.opened.get(source.name), "kept_earlier", [])
        passed = not rejected and not earlier
        metadata = {
            "reason": f"{len(rejected)} record(s) set aside ({source.raw_schema}._rejects)"
            + (f", {len(earlier)} study(ies) loaded at their earlier record" if earlier else ""),
            "rejected": len(rejected),
            "kept_earlier": len(earlier),
            "first": "; ".join(f"{r}: {why}" for r, why in [*rejected, *earlier][:5]),
        }
    return dg.AssetCheckResult(
        check_name=name,
        asset_key=raw_asset_key(source, "studies"),
        passed=passed,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=metadata,
    )
