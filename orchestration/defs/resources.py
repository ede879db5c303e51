"""Resources for every asset, configured from CTW_* environment variables (README)."""

import os

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.dbt.project import dbt_project
from orchestration.resources import AactSourceResource, WarehouseResource

WAREHOUSE_ENV = {
    "target": "CTW_TARGET",
    "duckdb_path": "CTW_DUCKDB_PATH",
    "pg_host": "CTW_PG_HOST",
    "pg_port": "CTW_PG_PORT",
    "pg_user": "CTW_PG_USER",
    "pg_password": "CTW_PG_PASSWORD",
    "pg_database": "CTW_PG_DATABASE",
    "raw_schema": "CTW_RAW_SCHEMA",
}
AACT_ENV = {
    "kind": "CTW_AACT_SOURCE",
    "flatfiles_path": "CTW_AACT_FLATFILES",
    "postgres_conninfo": "CTW_AACT_PG_CONNINFO",
    "postgres_schema": "CTW_AACT_PG_SCHEMA",
}


def from_env(resource_cls: type[dg.ConfigurableResource], env_names: dict[str, str]):
    """The resource with an EnvVar for each field whose variable is set (so the UI shows where
    the value came from); fields whose variable is unset keep the class default."""
    config = {}
    for field, name in env_names.items():
        if os.environ.get(name, "").strip():
            is_int = resource_cls.model_fields[field].annotation is int
            config[field] = dg.EnvVar.int(name) if is_int else dg.EnvVar(name)
    return resource_cls(**config)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "aact": from_env(AactSourceResource, AACT_ENV),
            "warehouse": from_env(WarehouseResource, WAREHOUSE_ENV),
            "dbt": DbtCliResource(project_dir=dbt_project),
        }
    )
