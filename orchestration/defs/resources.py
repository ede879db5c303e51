"""Resources for every asset, and their wiring to CTW_* variables (defaults: settings.py)."""

import os
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version
from psycopg.conninfo import make_conninfo

from orchestration import settings
from orchestration.aact.readers import open_flat_files, open_postgres
from orchestration.defs.dbt.project import dbt_executable, dbt_project
from orchestration.warehouse.builds import WarehouseStore
from orchestration.warehouse.duckdb_store import DuckDBStore
from orchestration.warehouse.postgres_store import PostgresStore

DBT_SCHEMAS = ("staging", "intermediate", "marts")


def _default(env: str) -> str:
    return settings.SETTINGS_BY_ENV[env].default


def _path(value: str) -> str:
    """A path as the user meant it: relative to the directory they ran the command in."""
    if not value:
        return value
    return str((settings.caller_cwd() / Path(value).expanduser()).resolve())


class AactSourceResource(dg.ConfigurableResource):
    """Where AACT data comes from: flat files (folder or zip) or an AACT PostgreSQL database."""

    kind: str = _default("CTW_AACT_SOURCE")
    flatfiles_path: str = _default("CTW_AACT_FLATFILES")
    encoding: str = _default("CTW_AACT_ENCODING")
    postgres_conninfo: str = _default("CTW_AACT_PG_CONNINFO")
    postgres_schema: str = _default("CTW_AACT_PG_SCHEMA")

    @contextmanager
    def open(self, workdir: Path):
        """The source, opened; tables stream from it one at a time."""
        if self.kind not in settings.SOURCE_KINDS:
            raise dg.Failure(
                f"CTW_AACT_SOURCE={self.kind!r}: choose one of {', '.join(settings.SOURCE_KINDS)}"
            )
        if self.kind == "postgres":
            if not self.postgres_conninfo:
                raise dg.Failure("CTW_AACT_SOURCE=postgres needs CTW_AACT_PG_CONNINFO")
            with open_postgres(self.postgres_conninfo, self.postgres_schema) as source:
                yield source
            return
        with open_flat_files(_path(self.flatfiles_path), workdir, self.encoding) as source:
            yield source

    def describe(self) -> str:
        if self.kind == "postgres":
            return f"AACT PostgreSQL schema {self.postgres_schema}"
        return f"AACT flat files {_path(self.flatfiles_path)}"


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse: an embedded DuckDB file (default) or a PostgreSQL database."""

    target: str = _default("CTW_TARGET")
    duckdb_path: str = _default("CTW_DUCKDB_PATH")
    duckdb_memory_limit: str = _default("CTW_DUCKDB_MEMORY_LIMIT")
    duckdb_temp_dir: str = _default("CTW_DUCKDB_TEMP_DIR")
    pg_host: str = _default("CTW_PG_HOST")
    pg_port: int = int(_default("CTW_PG_PORT"))
    pg_user: str = _default("CTW_PG_USER")
    pg_password: str = _default("CTW_PG_PASSWORD")
    pg_database: str = _default("CTW_PG_DATABASE")
    raw_schema: str = _default("CTW_RAW_SCHEMA")
    max_study_drop: str = _default("CTW_MAX_STUDY_DROP")
    keep_builds: int = int(_default("CTW_KEEP_BUILDS"))

    def postgres_conninfo(self) -> str:
        return make_conninfo(
            host=self.pg_host,
            port=self.pg_port,
            user=self.pg_user,
            password=self.pg_password or None,
            dbname=self.pg_database,
        )

    def store(self) -> WarehouseStore:
        if self.target not in settings.TARGETS:
            raise dg.Failure(
                f"CTW_TARGET={self.target!r}: choose one of {', '.join(settings.TARGETS)}"
            )
        if self.target == "postgres":
            return PostgresStore(
                self.postgres_conninfo(),
                self.pg_database,
                raw_schema=self.raw_schema,
                dbt_schemas=DBT_SCHEMAS,
                keep=self.keep_builds,
                scratch_dir=Path(_path(self.duckdb_path)).parent / f"{self.pg_database}.pg-build",
            )
        return DuckDBStore(
            _path(self.duckdb_path),
            raw_schema=self.raw_schema,
            memory_limit=self.duckdb_memory_limit,
            temp_dir=_path(self.duckdb_temp_dir),
            keep=self.keep_builds,
        )

    def study_drop_limit(self) -> float:
        return settings.fraction("CTW_MAX_STUDY_DROP", self.max_study_drop)


WAREHOUSE_ENV = {
    "target": "CTW_TARGET",
    "duckdb_path": "CTW_DUCKDB_PATH",
    "duckdb_memory_limit": "CTW_DUCKDB_MEMORY_LIMIT",
    "duckdb_temp_dir": "CTW_DUCKDB_TEMP_DIR",
    "pg_host": "CTW_PG_HOST",
    "pg_port": "CTW_PG_PORT",
    "pg_user": "CTW_PG_USER",
    "pg_password": "CTW_PG_PASSWORD",
    "pg_database": "CTW_PG_DATABASE",
    "raw_schema": "CTW_RAW_SCHEMA",
    "max_study_drop": "CTW_MAX_STUDY_DROP",
    "keep_builds": "CTW_KEEP_BUILDS",
}
AACT_ENV = {
    "kind": "CTW_AACT_SOURCE",
    "flatfiles_path": "CTW_AACT_FLATFILES",
    "encoding": "CTW_AACT_ENCODING",
    "postgres_conninfo": "CTW_AACT_PG_CONNINFO",
    "postgres_schema": "CTW_AACT_PG_SCHEMA",
}


class WarehouseDbtCliResource(DbtCliResource):
    """dagster-dbt asks `dbt --version` in a subprocess (2–3 s) before every invocation; the
    installed dbt-core answers the same in-process."""

    @cached_property
    def _cli_version(self) -> version.Version:
        from dbt.version import __version__

        return version.parse(__version__)


def from_env(resource_cls: type[dg.ConfigurableResource], env_names: dict[str, str]):
    """The resource with an EnvVar for each field whose variable is set (so the UI shows where
    the value came from); fields whose variable is unset keep the default from settings.py."""
    config = {}
    for field, name in env_names.items():
        if os.environ.get(name, "").strip():
            is_int = resource_cls.model_fields[field].annotation in (int, "int")
            config[field] = dg.EnvVar.int(name) if is_int else dg.EnvVar(name)
    return resource_cls(**config)


def warehouse_from_env() -> WarehouseResource:
    return from_env(WarehouseResource, WAREHOUSE_ENV).process_config_and_initialize()


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "aact": from_env(AactSourceResource, AACT_ENV),
            "warehouse": from_env(WarehouseResource, WAREHOUSE_ENV),
            "dbt": WarehouseDbtCliResource(
                project_dir=dbt_project, dbt_executable=dbt_executable()
            ),
        }
    )
