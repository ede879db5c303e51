"""dbt models as Dagster assets, built into the current build's slot; dbt tests become asset
checks, and an error-level failure stops the build before it is published."""

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.dbt.project import dbt_env, dbt_project, environment, prepare_manifest
from orchestration.defs.resources import WarehouseResource, warehouse_from_env
from orchestration.progress import PROGRESS
from orchestration.warehouse.builds import belongs_to_run

LAYERS = ("staging", "intermediate", "marts")


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """Sources map to the raw AACT assets (`aact/<table>`); models are grouped by layer."""

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
        return spec.replace_attributes(group_name=layer).merge_attributes(
            kinds={target, "dbt"},
            tags={"layer": layer, "materialized": materialized},
        )


def dbt_runs_dir(dagster_home: str) -> Path:
    return Path(dagster_home) / "dbt"


def prune_dbt_runs(dagster_home: str, keep: int = 5) -> None:
    """dbt writes a few MB per invocation: keep the last few builds' artifacts only."""
    runs = sorted(p for p in dbt_runs_dir(dagster_home).glob("*") if p.is_dir())
    for old in runs[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def run_timings(run_results_path) -> dict[str, float]:
    """Seconds spent in models and in tests (data and unit), from dbt's run_results.json."""
    if not run_results_path.exists():
        return {}
    results = json.loads(run_results_path.read_text())["results"]
    totals: dict[str, float] = {"model": 0.0, "test": 0.0}
    for result in results:
        kind = "model" if result["unique_id"].startswith("model.") else "test"
        totals[kind] += result.get("execution_time") or 0.0
    return totals


def ensure_manifest():
    """The manifest for the configured warehouse, parsed again only when stale."""
    return prepare_manifest(dbt_env(warehouse_from_env().store().dbt_env()))


def build_dbt_assets() -> dg.AssetsDefinition:
    ensure_manifest()

    @dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        dagster_dbt_translator=WarehouseDbtTranslator(),
    )
    def warehouse_dbt_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ):
        store = warehouse.store()
        build_id = store.slot_build_id()
        if not belongs_to_run(build_id, context.run_id):
            raise dg.Failure(
                "this run has no build in progress: dbt models are built together with the raw "
                "AACT tables (run the `build_warehouse` job, or select the raw tables too)"
            )
        # dbt's artifacts and log per build, beside the run history (the CLI reads the timings)
        target_path = dbt_runs_dir(context.instance.root_directory) / build_id
        PROGRESS.info("  dbt build: models and tests …")
        with environment(dbt_env(store.dbt_env())):
            invocation = dbt.cli(["build"], context=context, target_path=target_path)
            yield from invocation.stream()
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
