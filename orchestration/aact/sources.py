"""Readers for the two AACT sources. Both return {table: typed frame} for `RAW_TABLES`.

- flat files: a folder or a .zip of AACT's `<table>.txt` exports (`|`-delimited, header row);
- PostgreSQL: an AACT database, tables in schema `ctgov` (or another schema you name).

A source must have `studies`; any other table it lacks loads empty (reported in `missing`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import psycopg
from psycopg import sql

from orchestration.aact.parse import AactInputError, empty_table, parse_table
from orchestration.aact.schema import RAW_TABLES, REQUIRED_TABLES, table_columns


@dataclass
class Extract:
    """What a reader found: typed tables, and the tables the source did not have."""

    source: str
    tables: dict[str, pl.DataFrame]
    missing: list[str] = field(default_factory=list)

    def row_counts(self) -> dict[str, int]:
        return {name: frame.height for name, frame in self.tables.items()}


def _assemble(source: str, found: dict[str, pl.DataFrame], tables: tuple[str, ...]) -> Extract:
    absent_required = sorted(REQUIRED_TABLES.intersection(tables) - found.keys())
    if absent_required:
        raise AactInputError(
            f"{source}: required AACT table(s) {', '.join(absent_required)} not found"
        )
    missing = [t for t in tables if t not in found]
    return Extract(
        source=source,
        tables={t: found[t] if t in found else empty_table(t) for t in tables},
        missing=missing,
    )


def _zip_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """{lowercase file name: member path}, whatever folder the files sit in inside the zip."""
    return {
        Path(info.filename).name.lower(): info.filename
        for info in archive.infolist()
        if not info.is_dir() and not Path(info.filename).name.startswith(".")
    }


def read_flat_files(path: str | Path, tables: tuple[str, ...] = RAW_TABLES) -> Extract:
    """Read AACT flat files from a folder or a zip archive."""
    location = Path(path).expanduser()
    if not location.exists():
        raise AactInputError(f"AACT flat files not found: {location} does not exist")
    found: dict[str, pl.DataFrame] = {}
    if location.is_dir():
        for table in tables:
            file = location / f"{table}.txt"
            if file.is_file():
                found[table] = parse_table(file.read_bytes(), table, str(file))
    elif zipfile.is_zipfile(location):
        with zipfile.ZipFile(location) as archive:
            members = _zip_members(archive)
            for table in tables:
                member = members.get(f"{table}.txt")
                if member is not None:
                    data = archive.read(member)
                    found[table] = parse_table(data, table, f"{location}!{member}")
    else:
        raise AactInputError(
            f"{location}: not a folder or a zip archive of AACT flat files (<table>.txt)"
        )
    return _assemble(str(location), found, tables)


def _existing_columns(conn: psycopg.Connection, schema: str, table: str) -> list[str]:
    rows = conn.execute(
        "select column_name from information_schema.columns "
        "where table_schema = %s and table_name = %s order by ordinal_position",
        (schema, table),
    ).fetchall()
    return [r[0] for r in rows]


def read_postgres(
    conninfo: str, schema: str = "ctgov", tables: tuple[str, ...] = RAW_TABLES
) -> Extract:
    """Read AACT tables from PostgreSQL (AACT's own database or a copy of it).

    Only AACT's columns are read (a table may carry extra ones); values go through the same
    checks as flat files.
    """
    found: dict[str, pl.DataFrame] = {}
    try:
        conn = psycopg.connect(conninfo, autocommit=True)
    except psycopg.OperationalError as exc:
        raise AactInputError(f"AACT PostgreSQL: cannot connect: {exc}".strip()) from exc
    with conn:
        for table in tables:
            present = set(_existing_columns(conn, schema, table))
            if not present:
                continue
            names = [c.name for c in table_columns(table) if c.name in present]
            query = sql.SQL(
                "COPY (SELECT {cols} FROM {tbl}) TO STDOUT WITH (FORMAT csv, HEADER true, "
                "DELIMITER '|')"
            ).format(
                cols=sql.SQL(", ").join(sql.Identifier(n) for n in names),
                tbl=sql.Identifier(schema, table),
            )
            buffer = io.BytesIO()
            with conn.cursor() as cur, cur.copy(query) as copy:
                for chunk in copy:
                    buffer.write(chunk)
            found[table] = parse_table(buffer.getvalue(), table, f"{schema}.{table}")
    return _assemble(f"postgresql schema {schema}", found, tables)
