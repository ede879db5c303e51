"""Which warehouse a configuration names: a DuckDB file or a PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

from psycopg.conninfo import make_conninfo

from orchestration import settings
from orchestration.warehouse.builds import WarehouseStore
from orchestration.warehouse.duckdb_store import DuckDBStore
from orchestration.warehouse.postgres_store import PostgresStore


@settings.settings_dataclass("warehouse")
class WarehouseConfig:
    """The warehouse: its fields are the `warehouse` settings (sources, target, duckdb_*, pg_*,
    raw_schema, max_study_drop, max_table_drop, keep_builds, max_source_lag_days)."""

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

    def table_drop_limit(self) -> float:
        return settings.fraction("CTW_MAX_TABLE_DROP", self.max_table_drop)

    def store(self) -> WarehouseStore:
        settings.choice("CTW_TARGET", value=self.target)
        duckdb_path = settings.resolve_user_path(self.duckdb_path)
        if self.target == "postgres":
            unlogged = settings.choice("CTW_PG_UNLOGGED_TABLES", value=self.pg_unlogged_tables)
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
                unlogged_tables=unlogged == "on",
                scratch_dir=Path(duckdb_path).parent / f"{self.pg_database}.pg-build",
            )
        return DuckDBStore(
            duckdb_path,
            raw_schema=self.raw_schema,
            memory_limit=self.duckdb_memory_limit,
            disabled_compression=self.duckdb_disabled_compression,
            temp_dir=settings.resolve_user_path(self.duckdb_temp_dir),
            keep=self.keep_builds,
        )
