"""Bulk-load raw tables into PostgreSQL with `COPY … FROM STDIN`, streamed in chunks.

PostgreSQL types every value as it copies; its first complaint (line, column, value) becomes an
`RawInputError` in the same words the DuckDB loader uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import psycopg
from psycopg import sql

from orchestration.raw.errors import (
    RawInputError,
    cannot_read,
    not_utf8,
    where_in_file,
    wrong_field_count,
)
from orchestration.raw.layouts import Column, table_columns
from orchestration.raw.source import TableInput

POSTGRES_TYPES = {
    "text": "text",
    "integer": "bigint",
    "float": "double precision",
    "boolean": "boolean",
    "date": "date",
    "timestamp": "timestamp without time zone",
}
_CONTEXT = re.compile(r'COPY \S+, line (\d+)(?:, column (\w+): "(.*)")?', re.S)


def create_table_sql(
    schema: str, table: str, columns: tuple[Column, ...] | None = None, unlogged: bool = False
) -> sql.Composed:
    """The raw table with `columns` (default: the DDL's); `unlogged`: it skips the write-ahead
    log, a quarter of a large COPY's time (a copy of the files that every build reloads; a
    crash of the server empties it)."""
    cols = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(POSTGRES_TYPES[c.kind]))
        for c in columns or table_columns(table)
    )
    create = "CREATE UNLOGGED TABLE {} ({})" if unlogged else "CREATE TABLE {} ({})"
    return sql.SQL(create).format(sql.Identifier(schema, table), cols)


def copy_error_message(table_input: TableInput, exc: psycopg.Error) -> str:
    """One line naming file, line, column and value, from PostgreSQL's COPY context."""
    origin = table_input.origin
    context = (exc.diag.context or "").strip()
    primary = (exc.diag.message_primary or str(exc)).strip()
    found = _CONTEXT.search(context)
    if not found:
        return f"{origin}: not readable as AACT CSV: {primary}"
    line, column, value = int(found.group(1)), found.group(2), found.group(3)
    where = where_in_file(table_input.path, line, table_input.columns)
    if exc.diag.sqlstate in ("22021", "22P05"):  # bad byte sequence for the encoding
        return not_utf8(origin, where, f" ({primary})")
    if column is not None and value is not None:
        return cannot_read(origin, table_input.table, column, where, value)
    if "extra data" in primary or "missing data" in primary:
        return wrong_field_count(origin, where, primary, len(table_input.columns))
    return f"{origin}: {where}: {primary}"


def load_table(
    conn: psycopg.Connection,
    schema: str,
    table_input: TableInput,
    columns: tuple[Column, ...] | None = None,
    on_chunk: Callable[[bytes], None] | None = None,
    unlogged: bool = False,
) -> int:
    """Create `schema.table` with `columns` (default: the DDL's; see drift.table_layout) and
    COPY the input into it, passing each chunk to `on_chunk` once sent (progress); returns the
    row count. Columns the input lacks stay NULL."""
    conn.execute(create_table_sql(schema, table_input.table, columns, unlogged))
    # FREEZE when the table is new in this transaction (a build's load is one transaction): rows
    # are written frozen, so the first queries on them do not rewrite every page to set hint
    # bits (gigabytes at full scale). In autocommit the CREATE is already committed: no FREEZE.
    freeze = ", FREEZE true" if not conn.autocommit else ""
    copy_sql = sql.SQL(
        "COPY {} ({}) FROM STDIN WITH "
        "(FORMAT csv, HEADER true, DELIMITER '|', ENCODING 'UTF8'" + freeze + ")"
    ).format(
        sql.Identifier(schema, table_input.table),
        sql.SQL(", ").join(sql.Identifier(c) for c in table_input.columns),
    )
    try:
        with conn.cursor() as cur:
            with cur.copy(copy_sql) as copy:
                for chunk in table_input.chunks():
                    copy.write(chunk)
                    if on_chunk is not None:
                        on_chunk(chunk)
            rows = cur.rowcount
    except (psycopg.errors.DataError, psycopg.errors.BadCopyFileFormat) as exc:
        raise RawInputError(copy_error_message(table_input, exc)) from exc
    # statistics now, not when autovacuum gets to it: dbt plans the marts on these tables next
    conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(schema, table_input.table)))
    return rows


def create_empty_table(
    conn: psycopg.Connection, schema: str, table: str, unlogged: bool = False
) -> None:
    conn.execute(create_table_sql(schema, table, unlogged=unlogged))
