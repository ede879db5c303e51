"""dbt models as Dagster assets; dbt tests become asset checks."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.dbt.project import dbt_project


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
        return spec.replace_attributes(group_name=layer).merge_attributes(
            kinds={"duckdb" if project is None or project.target != "postgres" else "postgres"},
            tags={"layer": layer, "materialized": materialized},
        )


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseDbtTranslator(),
)
def warehouse_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    yield from dbt.cli(["build"], context=context).stream()
