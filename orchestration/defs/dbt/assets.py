"""dbt models as Dagster assets, built into the current build's slot; dbt tests become asset
checks, and an error-level failure stops the build before it is published."""

import json
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, dbt_assets
from dagster_dbt.asset_utils import get_asset_check_key_for_test, get_subset_selection_for_context

from orchestration import settings
from orchestration.dbt.project import (
    dbt_env,
    dbt_runs_dir,
    prepare_manifest,
    prune_dbt_runs,
)
from orchestration.dbt.runner import DbtOutcome, run_dbt_build
from orchestration.dbt.threads import build_dbt_threads, describe_threads
from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.freshness import warehouse_freshness_policy
from orchestration.defs.progress import run_progress
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.warehouse.automation import BUILT_WITH_ITS_SOURCES
from orchestration.sources import study_sources
from orchestration.warehouse.builds import belongs_to_run
from orchestration.warehouse.raw_loads import slot_raw_schemas
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
    """dbt's materialization events with `dagster/row_count` of each model's relation: the rows
    its statement wrote where the database said so, else counted in the build."""
    keys = {
        e.output_name: context.asset_key_for_output(e.output_name)
        for e in events
        if isinstance(e, dg.Output) and "dagster/row_count" not in e.metadata
    }
    counted = store.slot_row_counts([tuple(key.path) for key in keys.values()])
    counts = {
        output: counted[tuple(key.path)]
        for output, key in keys.items()
        if tuple(key.path) in counted
    }
    return [
        e.with_metadata({**e.metadata, "dagster/row_count": counts[e.output_name]})
        if isinstance(e, dg.Output) and e.output_name in counts
        else e
        for e in events
    ]


def node_events(
    context: dg.AssetExecutionContext, manifest: Mapping[str, Any], outcome: DbtOutcome
) -> list:
    """Each model dbt built as an Output of its asset, each data test as a check result, with
    dbt's own time per node (the CLI's report reads them)."""
    translator = WarehouseDbtTranslator()
    events = []
    for node in outcome.nodes:
        if node.resource_type == "model" and node.status == "success":
            key = translator.get_asset_spec(manifest, node.unique_id, dbt_project).key
            if key in context.selected_asset_keys:
                written = {} if node.rows is None else {"dagster/row_count": node.rows}
                events.append(
                    dg.Output(
                        None,
                        output_name=key.to_python_identifier(),
                        metadata={"dbt_seconds": round(node.seconds, 3), **written},
                    )
                )
        elif node.resource_type == "test" and node.status in ("pass", "fail", "warn", "error"):
            check = get_asset_check_key_for_test(manifest, translator, node.unique_id, dbt_project)
            if check is None or check not in context.selected_asset_check_keys:
                continue
            severity = manifest["nodes"][node.unique_id]["config"].get("severity", "ERROR")
            events.append(
                dg.AssetCheckResult(
                    asset_key=check.asset_key,
                    check_name=check.name,
                    passed=node.status == "pass",
                    severity=dg.AssetCheckSeverity.WARN
                    if severity.upper() == "WARN"
                    else dg.AssetCheckSeverity.ERROR,
                    metadata={
                        "dbt_seconds": round(node.seconds, 3),
                        "failed_rows": node.failures or 0,
                        "status": node.status,
                        "test": node.label,
                        **(
                            {"message": f"{node.message}{node.found}"}
                            if node.status != "pass"
                            else {}
                        ),
                    },
                )
            )
    return events


def selection_args(context: dg.AssetExecutionContext, manifest: Mapping[str, Any]) -> list[str]:
    """dbt's `--select` for the models and tests a run selected (none: the whole project)."""
    assets_def = context.assets_def
    subset = (
        assets_def.keys_by_output_name != assets_def.node_keys_by_output_name
        or assets_def.check_specs_by_output_name != assets_def.node_check_specs_by_output_name
    )
    if not subset:
        return []
    args, indirect = get_subset_selection_for_context(
        context, manifest, None, None, None, WarehouseDbtTranslator(), None
    )
    return [*args, "--indirect-selection", indirect] if indirect else args


def build_dbt_assets() -> dg.AssetsDefinition:
    # The parsed manifest, not its path: dagster-dbt caches a path's manifest for the life of the
    # process, and which tests exist depends on the settings (CTW_SOURCES) of this load.
    manifest = json.loads(ensure_manifest().read_text())

    @dbt_assets(
        manifest=manifest,
        project=dbt_project,
        dagster_dbt_translator=WarehouseDbtTranslator(),
    )
    def warehouse_dbt_models(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        """`dbt build` in this process (dbt's runner: no second Python start, no JSON log to
        parse), into the current build's slot."""
        store = warehouse.store()
        build_id = store.slot_build_id()
        if not belongs_to_run(build_id, context.run.run_id):
            raise dg.Failure(
                "this run has no build in progress: dbt models are built together with the raw "
                "AACT tables (run the `build_warehouse` job, or select the raw tables too)"
            )
        # dbt's artifacts and log per build, beside the run history
        target_path = dbt_runs_dir(context.instance.root_directory) / build_id
        select_args = selection_args(context, manifest)
        models = len(context.selected_asset_keys)
        checks = len(context.selected_asset_check_keys)
        configured = settings.dbt_threads()
        # auto on DuckDB: the size of the registries' raw tables decides (not the vocabularies':
        # a fetched ChEMBL is large whatever the build) (orchestration/dbt/threads.py)
        if configured is None and store.target == "duckdb":
            raw = slot_raw_schemas(store)
            largest = store.slot_largest_table_rows([raw[s.name] for s in study_sources()])
        else:
            largest = None
        threads = build_dbt_threads(configured, largest)
        context.log.info(
            f"dbt build: {models} models and {checks} tests, "
            f"{describe_threads(threads, configured, largest)} …"
        )
        target_path.mkdir(parents=True, exist_ok=True)
        dbt_output = target_path / "dbt.out"
        context.log.info(f"dbt build: its output in {dbt_output}")
        with dbt_output.open("w", encoding="utf-8") as log:
            outcome = run_dbt_build(
                dbt_env(store.dbt_env()),
                target_path,
                log,
                select_args,
                run_progress(context),
                failing_rows=lambda query: store.run_in_slot([], query),
                threads=threads,
            )
        prune_dbt_runs(context.instance.root_directory)
        # Row counts are read once dbt has finished (DuckDB admits one writer at a time).
        yield from with_row_counts(context, store, node_events(context, manifest, outcome))
        context.log.info(
            f"dbt: models {outcome.seconds.get('model', 0):.1f} s, tests "
            f"{outcome.seconds.get('test', 0):.1f} s (summed over threads)"
        )
        for warning in outcome.warnings:
            context.log.warning(warning)
        if not outcome.success:
            raise dg.Failure(
                description="\n".join(outcome.failures or ["dbt build failed"]),
                metadata={"failures": len(outcome.failures)},
            )

    return warehouse_dbt_models


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[build_dbt_assets()])
