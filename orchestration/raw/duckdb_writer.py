"""Bulk-load raw tables into DuckDB with its own CSV reader, typed from the DDL.

DuckDB reads every file in parallel and casts each value to its column's type; rows it cannot
read go to a rejects table instead of failing somewhere opaque, and the first of them becomes
a `RawInputError` that names the file, line, column and value.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from orchestration.raw.errors import (
    RawInputError,
    cannot_read,
    line_text,
    not_utf8,
    physical_line,
    where_in_file,
    wrong_field_count,
)
from orchestration.raw.layouts import Column, table_columns
from orchestration.raw.source import DELIMITER, TableInput

DUCKDB_TYPES = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "float": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}
MAX_LINE_BYTES = 8 << 20  # DuckDB buffers 16 × this per thread
REJECTS_KEPT = 20
_CAST_VALUE = re.compile(r'Could not convert string "(.*?)" to', re.S)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table_sql(schema: str, table: str, columns: tuple[Column, ...] | None = None) -> str:
    """The raw table with `columns` (default: the DDL's)."""
    cols = ", ".join(
        f"{quote(c.name)} {DUCKDB_TYPES[c.kind]}" for c in columns or table_columns(table)
    )
    return f"CREATE OR REPLACE TABLE {quote(schema)}.{quote(table)} ({cols})"


def read_csv_sql(path: Path, columns: tuple[str, ...], kinds: dict[str, str]) -> str:
    """`read_csv` exactly as PostgreSQL's `COPY … CSV HEADER DELIMITER '|'` writes: `"` quotes,
    doubled inside, fields may span lines, empty unquoted = NULL, `""` = empty string."""
    types = ", ".join(f"{_literal(c)}: '{DUCKDB_TYPES[kinds[c]]}'" for c in columns)
    return (
        f"read_csv({_literal(str(path))}, delim='{DELIMITER}', quote='\"', escape='\"', "
        f"header=true, auto_detect=false, columns={{{types}}}, allow_quoted_nulls=false, "
        f"strict_mode=true, null_padding=false, max_line_size={MAX_LINE_BYTES}, "
        f"encoding='utf-8', store_rejects=true, rejects_limit={REJECTS_KEPT}, "
        f"rejects_table='_rejects', rejects_scan='_reject_scans')"
    )


def rejected_row_message(table_input: TableInput, reject: tuple) -> str:
    """Turn DuckDB's first rejected row into one line naming file, line, column and value."""
    record, byte_position, column, error_type, csv_line, message = reject
    path, origin = table_input.path, table_input.origin
    line = physical_line(path, byte_position) if byte_position is not None else record
    where = where_in_file(path, line, table_input.columns)
    kind = str(error_type).upper()
    if kind == "CAST":
        found = _CAST_VALUE.search(message or "")
        value = found.group(1) if found else (csv_line or "")
        return cannot_read(origin, table_input.table, column, where, value)
    if "ENCODING" in kind or "UNICODE" in kind:
        bad = line_text(path, line)
        try:
            bad.decode("utf-8")
            detail = ""
        except UnicodeDecodeError as exc:
            detail = f" (bytes {bad[exc.start : exc.start + 4]!r} at column {exc.start + 1})"
        return not_utf8(origin, where, detail)
    if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
        return wrong_field_count(origin, where, kind.lower(), len(table_input.columns))
    if kind == "UNQUOTED VALUE" and "unterminated quote" in (message or "").lower():
        # a quoted field that never closes: a file cut off inside a value, or a stray quote
        return (
            f"{origin}: {where}: a quoted value starts here and is never closed (is the file "
            "cut off, a download or an unzip that stopped early?)"
        )
    return f"{origin}: {where}: {kind.lower()}: {(message or '').splitlines()[0]}"


def load_table(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    table_input: TableInput,
    columns: tuple[Column, ...] | None = None,
    on_chunk: Callable[[bytes], None] | None = None,
) -> int:
    """Create `schema.table` with `columns` (default: the DDL's; see drift.table_layout) and
    fill it from the input; returns the row count. Columns the input lacks stay NULL. A
    streamed input is spooled to a file first, each chunk passed to `on_chunk` (progress)."""
    if table_input.path is None:
        with tempfile.TemporaryDirectory() as scratch:
            spooled = Path(scratch) / f"{table_input.table}.txt"
            with open(spooled, "wb") as out:
                for chunk in table_input.chunks():
                    out.write(chunk)
                    if on_chunk is not None:
                        on_chunk(chunk)
            return load_table(
                con,
                schema,
                TableInput(
                    table=table_input.table,
                    origin=table_input.origin,
                    columns=table_input.columns,
                    path=spooled,
                    kinds=table_input.kinds,
                ),
                columns,
            )
    table = table_input.table
    columns = columns or table_columns(table)
    con.execute(create_table_sql(schema, table, columns))
    target = f"{quote(schema)}.{quote(table)}"
    cols = ", ".join(quote(c) for c in table_input.columns)
    reader = read_csv_sql(table_input.path, table_input.columns, {c.name: c.kind for c in columns})
    try:
        count = con.execute(f"INSERT INTO {target} ({cols}) SELECT * FROM {reader}").fetchone()[0]
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise RawInputError(f"{table_input.origin}: not readable as AACT CSV: {first}") from exc
    reject = con.execute(
        "SELECT line, line_byte_position, column_name, error_type, csv_line, error_message "
        "FROM _rejects ORDER BY line LIMIT 1"
    ).fetchone()
    if reject is not None:
        raise RawInputError(rejected_row_message(table_input, reject))
    return count


def create_empty_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    con.execute(create_table_sql(schema, table))
