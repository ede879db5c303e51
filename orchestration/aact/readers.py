"""Readers for the two AACT sources, as streams the warehouse's bulk loaders consume.

- flat files: a folder or a .zip of AACT's `<table>.txt` exports, written by PostgreSQL
  `COPY … TO STDOUT WITH DELIMITER '|' CSV HEADER` (real CSV quoting, multi-line fields);
- PostgreSQL: an AACT database, tables in schema `ctgov` (or another schema you name), read
  with `COPY (SELECT …) TO STDOUT` in chunks.

Nothing here holds a table in memory: a table is a file path or an iterator of CSV chunks.
A source must have `studies`; any other table it lacks loads empty (reported in `missing`).
A table may have columns the DDL lacks, or lack some of its columns (see drift.py); only a
missing key column (`id`, `nct_id`) is refused.
"""

from __future__ import annotations

import codecs
import csv
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from orchestration.aact.schema import RAW_TABLES, REQUIRED_TABLES
from orchestration.raw.errors import RawInputError
from orchestration.raw.layouts import column_kind, table_columns
from orchestration.raw.source import CHUNK_BYTES, DELIMITER, TableInput, TableSource

KEY_COLUMNS = ("id", "nct_id")
UTF8_NAMES = {"utf-8", "utf8", "utf_8", "utf-8-sig"}
# AACT's daily flat files: `YYYYMMDD_pipe-delimited-export.zip` as its download page names
# them (`YYYYMMDD_export_ctgov.zip` in older copies), zipped or unzipped into a folder
EXPORT_NAME = re.compile(
    r"^(\d{8})_(?:pipe-delimited-export|export_ctgov)(?:\.zip)?$", re.IGNORECASE
)


def check_header(origin: str, table: str, header: list[str]) -> None:
    """The header must name each column once and hold the table's key columns; other columns
    may come and go (see drift.py)."""
    expected = [c.name for c in table_columns(table)]
    if len(header) == 1 and len(expected) > 1 and header[0] not in expected:
        raise RawInputError(
            f"{origin}: header {header[0][:80]!r} has no '{DELIMITER}' delimiter; "
            f"expected AACT columns {', '.join(expected)}"
        )
    if "" in header:
        raise RawInputError(
            f"{origin}: header has an empty column name (field {header.index('') + 1})"
        )
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise RawInputError(f"{origin}: column(s) {', '.join(duplicated)} appear more than once")
    missing_keys = [c for c in KEY_COLUMNS if c in expected and c not in header]
    if missing_keys:
        raise RawInputError(
            f"{origin}: key column(s) {', '.join(missing_keys)} missing; "
            f"the header has {', '.join(header)}"
        )


def read_header(path: Path, origin: str, table: str, encoding: str = "utf-8") -> tuple[str, ...]:
    """The checked column names of a flat file's first line."""
    with open(path, "rb") as handle:
        first = handle.readline(1 << 20)
    if not first.strip():
        raise RawInputError(f"{origin}: file is empty (expected a header row)")
    try:
        text = first.decode("utf-8-sig" if encoding.lower() in UTF8_NAMES else encoding)
    except UnicodeDecodeError as exc:
        raise RawInputError(
            f"{origin}: line 1 (the header) is not valid {encoding}: {exc.reason}"
        ) from None
    return header_columns(origin, table, text.rstrip("\r\n"))


def header_columns(origin: str, table: str, line: str) -> tuple[str, ...]:
    """The checked column names of a header line, read as CSV (a quoted name loses its
    quotes) and compared as PostgreSQL compares unquoted names: `Name` is `name`."""
    header = [name.strip().lower() for name in next(csv.reader([line], delimiter=DELIMITER))]
    check_header(origin, table, header)
    return tuple(header)


def strict_decoder(encoding: str) -> codecs.IncrementalDecoder:
    """A decoder that refuses what `encoding` cannot read; an unknown name (a CTW_AACT_ENCODING
    typo) is one line."""
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict")
    except LookupError:
        raise RawInputError(f"CTW_AACT_ENCODING={encoding!r}: unknown encoding") from None


def transcode_to_utf8(source: Path, target: Path, encoding: str, origin: str) -> None:
    """Rewrite a file in `encoding` as UTF-8, streaming; a byte the encoding cannot read is an
    error naming its line."""
    decoder = strict_decoder(encoding)
    line = 1
    with open(source, "rb") as raw, open(target, "w", encoding="utf-8", newline="") as out:
        while chunk := raw.read(CHUNK_BYTES):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad_line = line + chunk[: exc.start].count(b"\n")
                raise RawInputError(
                    f"{origin}: line {bad_line} is not valid {encoding}: {exc.reason} "
                    f"(byte {chunk[exc.start : exc.end]!r})"
                ) from None
            line += chunk.count(b"\n")
            out.write(text)
        out.write(decoder.decode(b"", final=True))


def is_utf8(path: Path) -> bool:
    """Whether a file is valid UTF-8 throughout (streamed: an export's files are gigabytes)."""
    decoder = strict_decoder("utf-8")
    with open(path, "rb") as raw:
        try:
            while chunk := raw.read(CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _folder_files(location: Path, tables: tuple[str, ...]) -> dict[str, Path]:
    """{lowercase file name: path} of a folder; a table's file under two spellings
    (`conditions.txt`, `Conditions.txt`) is an error: which of them is the export?"""
    files: dict[str, list[Path]] = {}
    for path in location.iterdir():
        if path.is_file() and not path.name.startswith("."):
            files.setdefault(path.name.lower(), []).append(path)
    twice = _tables_found_twice(files, tables)
    if twice:
        listed = "; ".join(
            ", ".join(sorted(p.name for p in paths)) for _, paths in sorted(twice.items())
        )
        raise RawInputError(
            f"{location}: holds a table's file more than once ({listed}); keep one of each"
        )
    return {name: paths[0] for name, paths in files.items()}


def _tables_found_twice(files: dict[str, list], tables: tuple[str, ...]) -> dict[str, list]:
    """{lowercase file name: its places} of the tables' files found more than once."""
    return {n: p for n, p in files.items() if len(p) > 1 and n.removesuffix(".txt") in tables}


def check_ends_with_a_line_break(path: Path, origin: str) -> None:
    """A COPY export ends every record with a line break: a file whose last byte is another
    one was cut short (a download or a copy stopped mid-record), and its last record would
    load with a field cut."""
    size = path.stat().st_size
    if size == 0:
        return  # refused as empty when its header is read
    with open(path, "rb") as handle:
        handle.seek(max(size - 200, 0))
        tail = handle.read()
    if not tail.endswith(b"\n"):
        last = tail.rsplit(b"\n", 1)[-1][-60:].decode("utf-8", errors="replace")
        raise RawInputError(
            f"{origin}: ends without a line break after its last record, which ends "
            f"{last!r}: the file looks cut short (AACT's exports end every record with one); "
            "download or copy it again"
        )


def _zip_members(
    archive: zipfile.ZipFile, location: Path, tables: tuple[str, ...]
) -> dict[str, str]:
    """{lowercase file name: member path}, whatever folder the files sit in inside the zip; a
    table's file in two folders is an error (which of them is the export?)."""
    members: dict[str, list[str]] = {}
    for info in archive.infolist():
        name = Path(info.filename).name
        if not info.is_dir() and not name.startswith("."):
            members.setdefault(name.lower(), []).append(info.filename)
    twice = _tables_found_twice(members, tables)
    if twice:
        listed = "; ".join(f"{name}: {', '.join(paths)}" for name, paths in sorted(twice.items()))
        raise RawInputError(
            f"{location}: holds a table's file more than once ({listed}); keep one export per zip"
        )
    return {name: paths[0] for name, paths in members.items()}


def _export_date(location: Path) -> str | None:
    """The data's own date, from the name AACT gives its export (EXPORT_NAME)."""
    match = EXPORT_NAME.match(location.name)
    if not match:
        return None
    d = match.group(1)
    return f"{d[:4]}-{d[4:6]}-{d[6:]}"


@contextmanager
def open_flat_files(
    path: str | Path,
    workdir: Path,
    encoding: str = "utf-8",
    tables: tuple[str, ...] = RAW_TABLES,
) -> Iterator[TableSource]:
    """AACT flat files from a folder or a zip. Zip members and files in another encoding are
    written (streamed) to `workdir` one table at a time, and removed after their load. With an
    `encoding` other than UTF-8, only the files that are not valid UTF-8 are read in it: an
    export whose files differ (one saved as Latin-1 by hand) is not garbled elsewhere."""
    location = Path(path).expanduser().resolve()
    if not location.exists():
        raise RawInputError(f"AACT flat files not found: {location} does not exist")
    utf8 = encoding.lower() in UTF8_NAMES
    if not utf8:
        strict_decoder(encoding)  # a typo is refused before any file is read, UTF-8 or not
    notes: list[str] = []
    if location.is_dir():
        names = _folder_files(location, tables)
        archive = None
        sizes = {name: path.stat().st_size for name, path in names.items()}
    elif zipfile.is_zipfile(location):
        archive = zipfile.ZipFile(location)
        names = _zip_members(archive, location, tables)
        sizes = {name: archive.getinfo(member).file_size for name, member in names.items()}
    else:
        raise RawInputError(
            f"{location}: not a folder or a zip archive of AACT flat files (<table>.txt)"
        )
    present = tuple(t for t in tables if f"{t}.txt" in names)
    others = sorted(n for n in names if n.endswith(".txt") and n.removesuffix(".txt") not in tables)
    if others:
        shown = ", ".join(others[:8]) + (f" and {len(others) - 8} more" if len(others) > 8 else "")
        notes.append(f"AACT files not loaded (no table of this warehouse): {shown}")
    absent_required = sorted(REQUIRED_TABLES.intersection(tables) - set(present))
    if absent_required:
        raise RawInputError(
            f"{location}: required AACT table(s) {', '.join(absent_required)} not found"
        )

    @contextmanager
    def open_table(table: str) -> Iterator[TableInput]:
        member = names[f"{table}.txt"]
        with tempfile.TemporaryDirectory(dir=workdir, prefix=f"{table}-") as scratch:
            if archive is not None:
                origin = f"{location}!{member}"
                file = Path(scratch) / f"{table}.txt"
                with archive.open(member) as src, open(file, "wb") as dst:
                    shutil.copyfileobj(src, dst, CHUNK_BYTES)
            else:
                origin = str(member)
                file = member
            exported = file
            if utf8 or is_utf8(file):
                header = read_header(file, origin, table)
            else:
                header = read_header(file, origin, table, encoding)
                utf8_file = Path(scratch) / f"{table}.utf8.txt"
                transcode_to_utf8(file, utf8_file, encoding, origin)
                file = utf8_file
                notes.append(f"{table}.txt read as {encoding} (not valid UTF-8)")
            yield TableInput(table=table, origin=origin, columns=header, path=file)
            # after the load: a cut the reader finds (inside a quoted value) is named as such
            check_ends_with_a_line_break(exported, origin)

    workdir.mkdir(parents=True, exist_ok=True)
    try:
        yield TableSource(
            description=f"AACT flat files {location}",
            tables=present,
            open_table=open_table,
            missing=[t for t in tables if t not in present],
            export_date=_export_date(location),
            sizes={t: sizes[f"{t}.txt"] for t in present},
            concurrent_tables=True,
            notes=notes,
        )
    finally:
        if archive is not None:
            archive.close()


def _existing_columns(conn: psycopg.Connection, schema: str, table: str) -> dict[str, str]:
    """{column: logical kind} of a source table, in its order; a type the warehouse has no
    kind for (arrays, enums) is read as text."""
    rows = conn.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = %s and table_name = %s order by ordinal_position",
        (schema, table),
    ).fetchall()
    columns = {}
    for name, data_type in rows:
        try:
            columns[name] = column_kind(data_type)
        except ValueError:
            columns[name] = "text"
    return columns


def _row_estimates(conn: psycopg.Connection, schema: str, tables) -> dict[str, int]:
    """PostgreSQL's own row estimate of each table (from its last ANALYZE or VACUUM); tables
    never analyzed have none."""
    rows = conn.execute(
        "select c.relname, c.reltuples::bigint from pg_class c join pg_namespace n "
        "on n.oid = c.relnamespace where n.nspname = %s and c.relname = any(%s) "
        "and c.reltuples >= 0",  # -1: never analyzed
        (schema, list(tables)),
    ).fetchall()
    return dict(rows)


def copy_out_query(schema: str, table: str, columns: tuple[str, ...]) -> sql.Composed:
    return sql.SQL(
        "COPY (SELECT {cols} FROM {tbl}) TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER '|')"
    ).format(
        cols=sql.SQL(", ").join(sql.Identifier(n) for n in columns),
        tbl=sql.Identifier(schema, table),
    )


@contextmanager
def open_postgres(
    conninfo: str, schema: str = "ctgov", tables: tuple[str, ...] = RAW_TABLES
) -> Iterator[TableSource]:
    """AACT tables from PostgreSQL (AACT's own database or a copy of it), streamed with COPY.

    Every column is read: those of AACT's DDL, and new ones (typed as the source types them).
    """
    try:
        conn = psycopg.connect(conninfo, autocommit=True)
    except psycopg.OperationalError as exc:
        raise RawInputError(f"AACT PostgreSQL: cannot connect: {exc}".strip()) from exc
    with conn:
        columns: dict[str, dict[str, str]] = {}
        for table in tables:
            present = _existing_columns(conn, schema, table)
            if present:
                check_header(f"{schema}.{table}", table, list(present))
                columns[table] = present
        absent_required = sorted(REQUIRED_TABLES.intersection(tables) - columns.keys())
        if absent_required:
            raise RawInputError(
                f"postgresql schema {schema}: required AACT table(s) "
                f"{', '.join(absent_required)} not found"
            )

        @contextmanager
        def open_table(table: str) -> Iterator[TableInput]:
            names = tuple(columns[table])
            known = {c.name for c in table_columns(table)}

            def stream() -> Iterator[bytes]:
                with (
                    conn.cursor() as cur,
                    cur.copy(copy_out_query(schema, table, names)) as copy,
                ):
                    for chunk in copy:
                        yield bytes(chunk)

            yield TableInput(
                table=table,
                origin=f"{schema}.{table}",
                columns=names,
                stream=stream,
                kinds={c: k for c, k in columns[table].items() if c not in known},
            )

        yield TableSource(
            description=f"AACT PostgreSQL schema {schema}",
            tables=tuple(t for t in tables if t in columns),
            open_table=open_table,
            missing=[t for t in tables if t not in columns],
            sizes=_row_estimates(conn, schema, columns),
            size_unit="rows",
        )
