"""dbt models as Dagster assets, built into the current build's slot; dbt tests become asset
checks, and an error-level failure stops the build before it is published."""

import json
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.dbt.progress import DbtProgress
from orchestration.dbt.project import (
    BUILD_EXCLUDES,
    dbt_env,
    dbt_runs_dir,
    environment,
    prepare_manifest,
    prune_dbt_runs,
    run_timings,
)
from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.freshness import warehouse_freshness_policy
from orchestration.defs.progress import run_progress
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.warehouse.automation import BUILT_WITH_ITS_SOURCES
from orchestration.warehouse.builds import belongs_to_run
from orchestration.warehouse.stores import WarehouseConfig

LAYERS = ("staging", "intermediate", "marts")


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """Sources map to the raw AACT assets (`aact/<table>`); models are grouped by layer and
    built whenever their raw tables are (declarative automation, in the same run)."""

    def get_asset_check_spec(
        self, asset_spec: dg.AssetSpec, manifest: Mapping[str, Any], unique_id: str, project: Any
    ) -> dg.AssetCheckSpec | None:
        """dbt tests are requested with their models: a run the automation sensor launches names
        its checks, and a check it leaves out is a dbt test the build would skip."""
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        return spec and spec._replace(automation_condition=BUILT_WITH_ITS_SOURCES)

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: Any
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if unique_id.startswith("source."):
            source = manifest["sources"][unique_id]
            return spec.replace_attributes(key=dg.AssetKey([source["source_name"], source["name"]]))
        node = manifest["nodes"][unique_id]
        layer = node["fqn"][1] if len(node["fqn"]) > 2 else "default"
        materialized = node["config"].get("materialized", "view")
        target = manifest["metadata"].get("adapter_type", "duckdb")
        if layer == "marts":
            spec = spec.replace_attributes(freshness_policy=warehouse_freshness_policy())
        return spec.replace_attributes(
            group_name=layer, automation_condition=BUILT_WITH_ITS_SOURCES
        ).merge_attributes(
            kinds={target, "dbt"},
            tags={"layer": layer, "materialized": materialized},
        )


def ensure_manifest():
    """The manifest for the configured warehouse, parsed again only when stale."""
    return prepare_manifest(dbt_env(WarehouseConfig.from_settings().store().dbt_env()))


def with_row_counts(context: dg.AssetExecutionContext, store, events: list) -> list:
    """dbt's materialization events with `dagster/row_count` of each model's relation."""
    keys = {
        e.output_name: context.asset_key_for_output(e.output_name)
        for e in events
        if isinstance(e, dg.Output)
    }
    counts = store.slot_row_counts([tuple(key.path) for key in keys.values()])
    return [
        e.with_metadata(
            {**e.metadata, "dagster/row_count": counts[tuple(keys[e.output_name].path)]}
        )
        if isinstance(e, dg.Output) and tuple(keys[e.output_name].path) in counts
        else e
        for e in events
    ]


def count_dbt_event(counted: DbtProgress, event) -> None:
    """A dagster-dbt event as one dbt node done: a model's materialization, a test's check
    result (or observation, for a test no check stands for)."""
    if isinstance(event, dg.Output | dg.AssetMaterialization):
        counted.node_done("model")
    elif isinstance(event, dg.AssetCheckResult | dg.AssetCheckEvaluation):
        warn = event.severity == dg.AssetCheckSeverity.WARN
        counted.node_done("test", "pass" if event.passed else "warn" if warn else "fail")
    elif isinstance(event, dg.AssetObservation):
        counted.node_done("test")


def build_dbt_assets() -> dg.AssetsDefinition:
    # The parsed manifest, not its path: dagster-dbt caches a path's manifest for the life of the
    # process, and which tests exist depends on the settings (CTW_SOURCES) of this load.
    manifest = json.loads(ensure_manifest().read_text())

    @dbt_assets(
        manifest=manifest,
        project=dbt_project,
        dagster_dbt_translator=WarehouseDbtTranslator(),
    )
    def warehouse_dbt_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ):
        store = warehouse.store()
        build_id = store.slot_build_id()
        if not belongs_to_run(build_id, context.run.run_id):
            raise dg.Failure(
                "this run has no build in progress: dbt models are built together with the raw "
                "AACT tables (run the `build_warehouse` job, or select the raw tables too)"
            )
        # dbt's artifacts and log per build, beside the run history (the CLI reads the timings)
        target_path = dbt_runs_dir(context.instance.root_directory) / build_id
        # Row counts are read once dbt has finished (DuckDB admits one writer at a time), so
        # the events wait for the end of the build; on failure they are passed on as they are.
        events = []
        # one output per selected model and per selected test (its check)
        selected = len(context.op_execution_context.selected_output_names)
        with (
            environment(dbt_env(store.dbt_env())),
            DbtProgress(run_progress(context), total=selected) as counted,
        ):
            invocation = dbt.cli(
                ["build", *BUILD_EXCLUDES], context=context, target_path=target_path
            )
            try:
                for event in invocation.stream():
                    count_dbt_event(counted, event)
                    events.append(event)
            except Exception:
                yield from events
                raise
        yield from with_row_counts(context, store, events)
        prune_dbt_runs(context.instance.root_directory)
        timings = run_timings(target_path / "run_results.json")
        context.log.info(
            f"dbt: models {timings.get('model', 0):.1f} s, tests {timings.get('test', 0):.1f} s "
            "(summed over threads)"
        )

    return warehouse_dbt_models


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[build_dbt_assets()])
