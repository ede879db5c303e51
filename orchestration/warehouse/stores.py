"""Which warehouse a configuration names: a DuckDB file or a PostgreSQL database."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from psycopg.conninfo import make_conninfo

from orchestration import settings
from orchestration.warehouse.builds import WarehouseStore
from orchestration.warehouse.duckdb_store import DuckDBStore
from orchestration.warehouse.postgres_store import PostgresStore

WAREHOUSE_ENV = {
    "sources": "CTW_SOURCES",
    "target": "CTW_TARGET",
    "duckdb_path": "CTW_DUCKDB_PATH",
    "duckdb_memory_limit": "CTW_DUCKDB_MEMORY_LIMIT",
    "duckdb_temp_dir": "CTW_DUCKDB_TEMP_DIR",
    "pg_host": "CTW_PG_HOST",
    "pg_port": "CTW_PG_PORT",
    "pg_user": "CTW_PG_USER",
    "pg_password": "CTW_PG_PASSWORD",
    "pg_database": "CTW_PG_DATABASE",
    "pg_dbt_options": "CTW_PG_DBT_OPTIONS",
    "pg_reader_role": "CTW_PG_READER_ROLE",
    "pg_sql_user": "CTW_PG_SQL_USER",
    "pg_sql_password": "CTW_PG_SQL_PASSWORD",
    "pg_lock_timeout": "CTW_PG_LOCK_TIMEOUT",
    "raw_schema": "CTW_RAW_SCHEMA",
    "max_study_drop": "CTW_MAX_STUDY_DROP",
    "keep_builds": "CTW_KEEP_BUILDS",
    "max_source_lag_days": "CTW_MAX_SOURCE_LAG_DAYS",
}


@dataclass(frozen=True)
class WarehouseConfig:
    sources: str
    target: str
    duckdb_path: str
    duckdb_memory_limit: str
    duckdb_temp_dir: str
    pg_host: str
    pg_port: int
    pg_user: str
    pg_password: str
    pg_database: str
    pg_dbt_options: str
    pg_reader_role: str
    pg_sql_user: str
    pg_sql_password: str
    pg_lock_timeout: str
    raw_schema: str
    max_study_drop: str
    keep_builds: int
    max_source_lag_days: int

    @classmethod
    def from_settings(cls) -> WarehouseConfig:
        values = {}
        for field in fields(cls):
            env = WAREHOUSE_ENV[field.name]
            values[field.name] = (
                settings.get_int(env) if field.type in (int, "int") else settings.get(env)
            )
        return cls(**values)

    def postgres_conninfo(self) -> str:
        return make_conninfo(
            host=self.pg_host,
            port=self.pg_port,
            user=self.pg_user,
            password=self.pg_password or None,
            dbname=self.pg_database,
        )

    def sql_conninfo(self) -> str:
        """The warehouse database, as the login `./warehouse sql` uses (CTW_PG_SQL_USER)."""
        return make_conninfo(
            host=self.pg_host,
            port=self.pg_port,
            user=self.pg_sql_user,
            password=self.pg_sql_password or None,
            dbname=self.pg_database,
        )

    def source_list(self) -> tuple[str, ...]:
        return settings.parse_sources(self.sources)

    def study_drop_limit(self) -> float:
        return settings.fraction("CTW_MAX_STUDY_DROP", self.max_study_drop)

    def store(self) -> WarehouseStore:
        if self.target not in settings.TARGETS:
            raise settings.SettingsError(
                f"CTW_TARGET={self.target!r}: choose one of {', '.join(settings.TARGETS)}"
            )
        duckdb_path = settings.resolve_user_path(self.duckdb_path)
        if self.target == "postgres":
            return PostgresStore(
                self.postgres_conninfo(),
                self.pg_database,
                raw_schema=self.raw_schema,
                dbt_schemas=settings.DBT_SCHEMAS,
                keep=self.keep_builds,
                reader_role=self.pg_reader_role,
                sql_login=self.pg_sql_user,
                lock_timeout=self.pg_lock_timeout,
                dbt_options=self.pg_dbt_options,
                scratch_dir=Path(duckdb_path).parent / f"{self.pg_database}.pg-build",
            )
        return DuckDBStore(
            duckdb_path,
            raw_schema=self.raw_schema,
            memory_limit=self.duckdb_memory_limit,
            temp_dir=settings.resolve_user_path(self.duckdb_temp_dir),
            keep=self.keep_builds,
        )
