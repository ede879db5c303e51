"""Dagster resources: the AACT source to extract from and the warehouse to load into."""

import dagster as dg
import duckdb
import psycopg
from psycopg.conninfo import make_conninfo

from orchestration.aact.sources import Extract, read_flat_files, read_postgres
from orchestration.settings import DEFAULT_DUCKDB_PATH, SAMPLE_AACT_DIR, TARGETS
from orchestration.warehouse import write_duckdb, write_postgres

SOURCE_KINDS = ("flatfiles", "postgres")


class AactSourceResource(dg.ConfigurableResource):
    """Where AACT data comes from: flat files (folder or zip) or an AACT PostgreSQL database."""

    kind: str = "flatfiles"  # flatfiles | postgres
    flatfiles_path: str = str(SAMPLE_AACT_DIR)
    postgres_conninfo: str = ""
    postgres_schema: str = "ctgov"

    def extract(self) -> Extract:
        if self.kind not in SOURCE_KINDS:
            raise dg.Failure(f"AACT source {self.kind!r}: choose one of {', '.join(SOURCE_KINDS)}")
        if self.kind == "postgres":
            if not self.postgres_conninfo:
                raise dg.Failure("CTW_AACT_SOURCE=postgres needs CTW_AACT_PG_CONNINFO")
            return read_postgres(self.postgres_conninfo, self.postgres_schema)
        return read_flat_files(self.flatfiles_path)

    def describe(self) -> str:
        if self.kind == "postgres":
            return f"AACT PostgreSQL schema {self.postgres_schema}"
        return f"AACT flat files {self.flatfiles_path}"


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse: an embedded DuckDB file (default) or a PostgreSQL database."""

    target: str = "duckdb"  # duckdb | postgres
    duckdb_path: str = str(DEFAULT_DUCKDB_PATH)
    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    pg_user: str = "postgres"
    pg_password: str = ""
    pg_database: str = "ctwarehouse"
    raw_schema: str = "raw_aact"

    def postgres_conninfo(self) -> str:
        return make_conninfo(
            host=self.pg_host,
            port=self.pg_port,
            user=self.pg_user,
            password=self.pg_password or None,
            dbname=self.pg_database,
        )

    def write_raw(self, source: str, extract: Extract) -> None:
        if self.target not in TARGETS:
            raise dg.Failure(
                f"warehouse target {self.target!r}: choose one of {', '.join(TARGETS)}"
            )
        if self.target == "postgres":
            write_postgres(self.postgres_conninfo(), self.raw_schema, source, extract.tables)
        else:
            write_duckdb(self.duckdb_path, self.raw_schema, source, extract.tables)

    def query(self, statement: str) -> list[tuple]:
        """Run a read-only query against the warehouse and return all rows."""
        if self.target == "postgres":
            with psycopg.connect(self.postgres_conninfo()) as conn:
                return conn.execute(statement).fetchall()
        with duckdb.connect(self.duckdb_path, read_only=True) as con:
            return con.execute(statement).fetchall()
