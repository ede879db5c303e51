"""Raw AACT tables: extracted from flat files or PostgreSQL, loaded in one transaction."""

import dagster as dg

from orchestration.aact.parse import AactInputError
from orchestration.aact.schema import RAW_TABLES
from orchestration.resources import AactSourceResource, WarehouseResource

RAW_GROUP = "aact_raw"


def raw_asset_key(table: str) -> dg.AssetKey:
    """The key dbt's `source('aact', table)` maps to."""
    return dg.AssetKey(["aact", table])


@dg.multi_asset(
    name="aact_raw_tables",
    specs=[
        dg.AssetSpec(
            raw_asset_key(table),
            group_name=RAW_GROUP,
            kinds={"polars", "sql"},
            description=f"AACT `{table}` as extracted, with AACT's ctgov_v2 columns.",
        )
        for table in RAW_TABLES
    ],
    can_subset=False,
)
def aact_raw_tables(
    context: dg.AssetExecutionContext, aact: AactSourceResource, warehouse: WarehouseResource
):
    """Extract every raw AACT table, check each value against AACT's types, then replace the
    warehouse's raw tables all at once. Bad input fails the run and leaves the warehouse as it
    was."""
    source = aact.describe()
    try:
        extract = aact.extract()
    except AactInputError as exc:
        raise dg.Failure(description=str(exc)) from exc
    for table in extract.missing:
        context.log.warning(f"{source}: no {table} table; loading it empty")
    warehouse.write_raw(source, extract)
    for table, frame in extract.tables.items():
        yield dg.MaterializeResult(
            asset_key=raw_asset_key(table),
            metadata={
                "dagster/row_count": frame.height,
                "source": source,
                "present_in_source": table not in extract.missing,
                "warehouse_target": warehouse.target,
            },
        )
