"""Raw table layouts, read from DDL files: AACT's own (ctgov_v2.sql, bundled beside this
module) and the warehouse's vocabularies (orchestration/vocab/vocab.sql), so one set of bulk
loaders types every raw table the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from orchestration.settings import DBT_PROJECT_DIR

DDL_PATH = Path(__file__).with_name("ctgov_v2.sql")
VOCAB_DDL_PATH = Path(__file__).parent.parent / "vocab" / "vocab.sql"

# The AACT tables the warehouse loads are the tables of dbt's `aact` source: adding a table is
# one line in that YAML file (any table of AACT's DDL; it loads by name with AACT's columns).
SOURCES_YML = DBT_PROJECT_DIR / "models" / "staging" / "aact" / "_aact__sources.yml"


def _source_tables() -> tuple[str, ...]:
    document = yaml.safe_load(SOURCES_YML.read_text(encoding="utf-8"))
    aact = next(s for s in document["sources"] if s["name"] == "aact")
    return tuple(t["name"] for t in aact["tables"])


RAW_TABLES: tuple[str, ...] = _source_tables()
REQUIRED_TABLES: frozenset[str] = frozenset({"studies"})

# Logical kinds of AACT column types; each reader/writer maps them to its own types.
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
    """Map a PostgreSQL type as written in AACT's DDL to a logical kind."""
    lowered = pg_type.lower()
    for prefix, kind in _KINDS:
        if lowered.startswith(prefix):
            return kind
    raise ValueError(f"unsupported AACT column type: {pg_type!r}")


def parse_ddl(ddl: str) -> dict[str, tuple[Column, ...]]:
    """Return {table: columns} for every CREATE TABLE in a pg_dump of an AACT schema."""
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
def aact_tables() -> dict[str, tuple[Column, ...]]:
    """Every AACT table's columns, from the bundled DDL."""
    return parse_ddl(DDL_PATH.read_text(encoding="utf-8"))


@cache
def vocab_tables() -> dict[str, tuple[Column, ...]]:
    """The vocabulary tables' columns (MeSH, ChEMBL, PMDA), from vocab.sql. They are looked up
    by bare name beside AACT's, so a name both DDL files use is refused."""
    tables = parse_ddl(VOCAB_DDL_PATH.read_text(encoding="utf-8"))
    clashing = sorted(tables.keys() & aact_tables().keys())
    if clashing:
        raise ValueError(f"{VOCAB_DDL_PATH}: table(s) {', '.join(clashing)} clash with AACT's")
    return tables


# Columns the warehouse keeps beyond AACT's layout: data AACT drops that users need. The
# API source fills them; AACT's own files lack them and load them as NULL.
EXTRA_COLUMNS: dict[str, tuple[Column, ...]] = {
    "browse_conditions": (Column("mesh_id", "text"),),
    "browse_interventions": (Column("mesh_id", "text"),),
}


def table_columns(table: str) -> tuple[Column, ...]:
    """A table's columns: AACT's, in DDL order, then the warehouse's extra ones (or a
    vocabulary table's, from vocab.sql)."""
    if table in aact_tables():
        return aact_tables()[table] + EXTRA_COLUMNS.get(table, ())
    try:
        return vocab_tables()[table]
    except KeyError:
        raise KeyError(f"{table!r} is not an AACT or vocabulary table") from None
