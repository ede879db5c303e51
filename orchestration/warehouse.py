"""Write raw AACT tables into the warehouse (a DuckDB file or a PostgreSQL database).

A load replaces every raw table in one transaction: if anything fails, the warehouse keeps the
tables it had before. Each load is logged in `<schema>._loads` (one row per table).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import psycopg
from psycopg import sql

from orchestration.aact.schema import table_columns

DUCKDB_TYPES = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "float": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}
POSTGRES_TYPES = {
    "text": "text",
    "integer": "bigint",
    "float": "double precision",
    "boolean": "boolean",
    "date": "date",
    # spelled as information_schema reports it, so an unchanged table is recognised as such
    "timestamp": "timestamp without time zone",
}
LOG_TABLE = "_loads"


def _column_defs(table: str, types: dict[str, str]) -> list[tuple[str, str]]:
    return [(c.name, types[c.kind]) for c in table_columns(table)]


def _log_rows(source: str, tables: dict[str, pl.DataFrame]) -> list[tuple]:
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    return [(loaded_at, source, name, frame.height) for name, frame in tables.items()]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def write_duckdb(path: str | Path, schema: str, source: str, tables: dict[str, pl.DataFrame]):
    """Replace the raw tables in a DuckDB file, all or nothing."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {_quote(schema)}")
        for name, frame in tables.items():
            target = f"{_quote(schema)}.{_quote(name)}"
            wanted = _column_defs(name, DUCKDB_TYPES)
            have = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                [schema, name],
            ).fetchall()
            if have and have != wanted:
                con.execute(f"DROP TABLE {target}")
                have = []
            if not have:
                cols = ", ".join(f"{_quote(c)} {t}" for c, t in wanted)
                con.execute(f"CREATE TABLE {target} ({cols})")
            con.execute(f"DELETE FROM {target}")
            con.register("_incoming", frame.to_arrow())
            con.execute(f"INSERT INTO {target} SELECT * FROM _incoming")
            con.unregister("_incoming")
        log = f"{_quote(schema)}.{_quote(LOG_TABLE)}"
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {log} (loaded_at TIMESTAMP, source VARCHAR, "
            "table_name VARCHAR, row_count BIGINT)"
        )
        con.executemany(f"INSERT INTO {log} VALUES (?, ?, ?, ?)", _log_rows(source, tables))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def write_postgres(conninfo: str, schema: str, source: str, tables: dict[str, pl.DataFrame]):
    """Replace the raw tables in a PostgreSQL database, all or nothing."""
    with psycopg.connect(conninfo) as conn:  # one transaction; rolled back on error
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        for name, frame in tables.items():
            target = sql.Identifier(schema, name)
            wanted = _column_defs(name, POSTGRES_TYPES)
            have = conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                (schema, name),
            ).fetchall()
            if have and have != wanted:
                # dependent dbt views go too; the next dbt run recreates them
                conn.execute(sql.SQL("DROP TABLE {} CASCADE").format(target))
                have = []
            if not have:
                cols = sql.SQL(", ").join(
                    sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(t)) for c, t in wanted
                )
                conn.execute(sql.SQL("CREATE TABLE {} ({})").format(target, cols))
            conn.execute(sql.SQL("TRUNCATE {}").format(target))
            copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
                target, sql.SQL(", ").join(sql.Identifier(c) for c, _ in wanted)
            )
            with conn.cursor() as cur, cur.copy(copy_sql) as copy:
                for row in frame.iter_rows():
                    copy.write_row(row)
        log = sql.Identifier(schema, LOG_TABLE)
        conn.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (loaded_at timestamp, source text, "
                "table_name text, row_count bigint)"
            ).format(log)
        )
        with conn.cursor() as cur:
            cur.executemany(
                sql.SQL("INSERT INTO {} VALUES (%s, %s, %s, %s)").format(log),
                _log_rows(source, tables),
            )
