"""Resources for every asset, configured from CTW_* environment variables (README)."""

import os

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.dbt.project import dbt_project
from orchestration.resources import AactSourceResource, WarehouseResource


def _env(name: str, default):
    """An EnvVar when the variable is set (so the UI shows where the value came from)."""
    return dg.EnvVar(name) if os.environ.get(name, "").strip() else default


def _env_int(name: str, default: int):
    return dg.EnvVar.int(name) if os.environ.get(name, "").strip() else default


@dg.definitions
def resources() -> dg.Definitions:
    fields = WarehouseResource.model_fields
    warehouse = WarehouseResource(
        target=_env("CTW_TARGET", fields["target"].default),
        duckdb_path=_env("CTW_DUCKDB_PATH", fields["duckdb_path"].default),
        pg_host=_env("CTW_PG_HOST", fields["pg_host"].default),
        pg_port=_env_int("CTW_PG_PORT", fields["pg_port"].default),
        pg_user=_env("CTW_PG_USER", fields["pg_user"].default),
        pg_password=_env("CTW_PG_PASSWORD", fields["pg_password"].default),
        pg_database=_env("CTW_PG_DATABASE", fields["pg_database"].default),
        raw_schema=_env("CTW_RAW_SCHEMA", fields["raw_schema"].default),
    )
    source_fields = AactSourceResource.model_fields
    aact = AactSourceResource(
        kind=_env("CTW_AACT_SOURCE", source_fields["kind"].default),
        flatfiles_path=_env("CTW_AACT_FLATFILES", source_fields["flatfiles_path"].default),
        postgres_conninfo=_env("CTW_AACT_PG_CONNINFO", ""),
        postgres_schema=_env("CTW_AACT_PG_SCHEMA", source_fields["postgres_schema"].default),
    )
    return dg.Definitions(
        resources={
            "aact": aact,
            "warehouse": warehouse,
            "dbt": DbtCliResource(project_dir=dbt_project),
        }
    )
