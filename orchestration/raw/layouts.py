"""Raw table layouts, read from the DDL files the sources name (orchestration/sources.py):
AACT's own (aact/ctgov_v2.sql, the shape of every registry source) and the warehouse's
vocabularies (vocab/vocab.sql), so one set of bulk loaders types every raw table the same way.
Tables are looked up by bare name across the files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from orchestration.sources import ddl_files

DDL_FILES = ddl_files()

# Logical kinds of the DDL's column types; each reader/writer maps them to its own types.
_KINDS = (
    ("timestamp", "timestamp"),
    ("double precision", "float"),
    ("numeric", "float"),
    ("bigint", "integer"),
    ("integer", "integer"),
    ("boolean", "boolean"),
    ("date", "date"),
    ("character varying", "text"),
    ("text", "text"),
    ("json", "text"),
)

_CREATE_TABLE = re.compile(r"CREATE TABLE (?:\w+)\.(\w+) \((.*?)\n\);", re.S)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | integer | float | boolean | date | timestamp


def column_kind(pg_type: str) -> str:
    """Map a PostgreSQL type as written in a DDL file to a logical kind."""
    lowered = pg_type.lower()
    for prefix, kind in _KINDS:
        if lowered.startswith(prefix):
            return kind
    raise ValueError(f"unsupported column type: {pg_type!r}")


def parse_ddl(ddl: str) -> dict[str, tuple[Column, ...]]:
    """Return {table: columns} for every CREATE TABLE of a pg_dump-style DDL file."""
    tables: dict[str, tuple[Column, ...]] = {}
    for match in _CREATE_TABLE.finditer(ddl):
        columns = []
        for raw_line in match.group(2).splitlines():
            line = raw_line.strip().rstrip(",")
            if not line or line.startswith("CONSTRAINT "):
                continue
            name, pg_type = line.split(" ", 1)
            columns.append(Column(name.strip('"'), column_kind(pg_type)))
        tables[match.group(1)] = tuple(columns)
    return tables


@cache
def ddl_tables(path: Path) -> dict[str, tuple[Column, ...]]:
    """Every table's columns in one DDL file."""
    return parse_ddl(path.read_text(encoding="utf-8"))


@cache
def _layouts() -> dict[str, tuple[Column, ...]]:
    """Every raw table of every DDL file; a table name two files define is refused (tables are
    looked up by bare name)."""
    layouts: dict[str, tuple[Column, ...]] = {}
    for path in DDL_FILES:
        tables = ddl_tables(path)
        clashing = sorted(tables.keys() & layouts.keys())
        if clashing:
            raise ValueError(f"{path}: table(s) {', '.join(clashing)} defined in another DDL file")
        layouts.update(tables)
    return layouts


# Columns the warehouse keeps beyond AACT's layout: data AACT drops that users need. The
# API source fills them; AACT's own files lack them and load them as NULL.
EXTRA_COLUMNS: dict[str, tuple[Column, ...]] = {
    "browse_conditions": (Column("mesh_id", "text"),),
    "browse_interventions": (Column("mesh_id", "text"),),
}


def table_columns(table: str) -> tuple[Column, ...]:
    """A raw table's columns, in DDL order, then the warehouse's extra ones."""
    try:
        return _layouts()[table] + EXTRA_COLUMNS.get(table, ())
    except KeyError:
        files = ", ".join(p.name for p in DDL_FILES)
        raise KeyError(f"{table!r} is not a table of {files}") from None
