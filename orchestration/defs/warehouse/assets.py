"""Publishing: the build becomes the live warehouse in one step, once everything it depends on
(raw tables, every dbt model and every error-level check) has succeeded."""

import json

import dagster as dg

from orchestration.defs.dbt.assets import ensure_manifest
from orchestration.defs.freshness import warehouse_freshness_policy
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.warehouse.automation import BUILT_WITH_ITS_SOURCES
from orchestration.warehouse.builds import belongs_to_run
from orchestration.warehouse.changes import record_changes
from orchestration.warehouse.checks import mart_drop_message, mart_drops

PUBLISH_GROUP = "publish"
LIVE_WAREHOUSE = dg.AssetKey(["warehouse", "live"])


def mart_keys() -> list[dg.AssetKey]:
    """Every dbt model of the marts layer (keys `marts/<model>`), from the dbt manifest."""
    manifest = json.loads(ensure_manifest().read_text())
    return sorted(
        dg.AssetKey(["marts", node["name"]])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    )


def build_publish_asset() -> dg.AssetsDefinition:
    @dg.multi_asset(
        specs=[
            dg.AssetSpec(
                LIVE_WAREHOUSE,
                group_name=PUBLISH_GROUP,
                kinds={"duckdb", "postgres"},
                deps=mart_keys(),
                freshness_policy=warehouse_freshness_policy(),
                automation_condition=BUILT_WITH_ITS_SOURCES,
                description="The warehouse consumers query. A build replaces it in one step "
                "(a file rename on DuckDB, schema renames in one transaction on PostgreSQL) after "
                "every blocking check passed; previous builds are kept for `./warehouse rollback`.",
            )
        ],
        name="publish_warehouse",
    )
    def publish_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        store = warehouse.store()
        build_id = store.slot_build_id()
        if not belongs_to_run(build_id, context.run.run_id):
            raise dg.Failure(
                "this run has no build to publish: publish runs after the raw tables and dbt "
                "models of the same run (the `build_warehouse` job)"
            )
        changes = record_changes(store, build_id)
        context.log.info(changes.line())
        limit = warehouse.config().table_drop_limit()
        drops, studies_dropped = mart_drops(changes.mart_rows, limit)
        if drops:
            raise dg.Failure(description=mart_drop_message(drops, limit, studies_dropped))
        builds = store.publish(build_id)
        store.lock().release()
        live = builds[0]
        context.log.info(f"published build {build_id} to {store.describe()}")
        # what publishing left for the next build (a kept build a reader still holds)
        warnings = list(getattr(store, "warnings", []))
        for warning in warnings:
            context.log.warning(warning)
        yield dg.MaterializeResult(
            asset_key=LIVE_WAREHOUSE,
            metadata={
                "build_id": build_id,
                "warehouse": store.describe(),
                "dagster/row_count": live.studies or 0,
                **changes.metadata(),
                "changes": changes.line(),
                "first_recorded_build": changes.previous_build_id is None,
                "mart_row_changes": dg.MetadataValue.json(changes.mart_lines()),
                "mart_rows": dg.MetadataValue.md(
                    "\n".join(f"- {line}" for line in changes.mart_lines()) or "none"
                ),
                "warnings": dg.MetadataValue.json(warnings),
                "kept_builds": dg.MetadataValue.md(
                    "\n".join(f"- `{b.line()}`" for b in builds) or "none"
                ),
            },
        )

    return publish_warehouse


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[build_publish_asset()])
