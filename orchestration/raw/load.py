"""Load every raw table of a source into a build's raw schema, one table at a time,
through the target database's own bulk path; log each table in `<schema>._loads`, with the
columns it has beyond the DDL and the DDL columns it lacks (see drift.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from orchestration.progress import QUIET, Progress, Step
from orchestration.raw import duckdb_writer, postgres_writer
from orchestration.raw.drift import ColumnDrift, table_layout
from orchestration.raw.source import TableInput, TableSource

LOG_TABLE = "_loads"
LOG_COLUMNS = (
    ("build_id", "varchar"),
    ("loaded_at", "timestamp"),
    ("source", "varchar"),
    ("export_date", "date"),
    ("table_name", "varchar"),
    ("row_count", "bigint"),
    ("present_in_source", "boolean"),
    ("seconds", "double precision"),
    ("new_columns", "varchar"),  # comma-separated, in the source's order; NULL when none
    ("missing_columns", "varchar"),  # DDL columns the source lacks (loaded as NULL)
)


@dataclass(frozen=True)
class TableLoad:
    table: str
    rows: int
    present: bool
    seconds: float
    drift: ColumnDrift | None = None

    @property
    def new_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.drift.new) if self.drift else ()

    @property
    def missing_columns(self) -> tuple[str, ...]:
        return self.drift.missing if self.drift else ()


@dataclass
class LoadReport:
    build_id: str
    source: str
    export_date: str | None
    tables: list[TableLoad] = field(default_factory=list)

    def row_counts(self) -> dict[str, int]:
        return {t.table: t.rows for t in self.tables}

    @property
    def missing(self) -> list[str]:
        return [t.table for t in self.tables if not t.present]

    def drift_messages(self) -> list[str]:
        """Each loaded table's schema drift, one line per kind of change."""
        return [line for t in self.tables if t.drift for line in t.drift.messages()]


def load_raw(
    source: TableSource,
    target: str,
    connection,
    schema: str,
    build_id: str,
    *,
    tables: tuple[str, ...],
    on_table: Callable[[TableLoad], None] | None = None,
    progress: Progress = QUIET,
    label: str = "load",
) -> LoadReport:
    """Fill `schema` with every table in `tables`; a table the source lacks is created empty.
    The source's tables count as one step of `progress` named `label`."""
    writer = duckdb_writer if target == "duckdb" else postgres_writer
    report = LoadReport(build_id=build_id, source=source.description, export_date=None)
    report.export_date = source.export_date
    present = [t for t in tables if t in source.tables]
    counter = LoadProgress(progress, label, source, present)
    with counter.step:
        for table in tables:
            started = time.perf_counter()
            drift = None
            if table in source.tables:
                with source.open_table(table) as table_input:
                    columns, drift = table_layout(
                        table, table_input.origin, table_input.columns, table_input.kinds
                    )
                    counter.begin(table)
                    rows = writer.load_table(
                        connection, schema, table_input, columns, on_chunk=counter.chunk
                    )
                    counter.end(table_input, rows)
            else:
                writer.create_empty_table(connection, schema, table)
                rows = 0
            loaded = TableLoad(
                table, rows, table in source.tables, time.perf_counter() - started, drift
            )
            report.tables.append(loaded)
            if on_table is not None:
                on_table(loaded)
    _write_log(target, connection, schema, report)
    return report


class LoadProgress:
    """A source's tables as one step: bytes of its files, or rows of a database (its row
    estimates as the total), counted per chunk as the writers stream them and exactly at the end
    of each table."""

    def __init__(self, progress: Progress, label: str, source: TableSource, present: list[str]):
        self.unit = source.size_unit
        self.sizes = source.sizes
        self.present = present
        known = present and all(t in source.sizes for t in present)
        total = sum(source.sizes[t] for t in present) if known else None
        self.step: Step = (
            progress.step(label, total=total, unit=self.unit) if present else QUIET.step(label)
        )
        self.base = 0  # done before the current table
        self.rows = 0
        self.tables = 0

    def begin(self, table: str) -> None:
        self.base = self.step.done
        detail = f"table {self.tables + 1}/{len(self.present)} {table}"
        self.step.update(detail=detail)

    def chunk(self, chunk: bytes) -> None:
        self.step.advance(len(chunk) if self.unit == "bytes" else chunk.count(b"\n"))

    def end(self, table_input: TableInput, rows: int) -> None:
        self.rows += rows
        self.tables += 1
        if self.unit == "bytes":
            size = self.sizes.get(table_input.table)
            if size is None and table_input.path is not None:
                size = table_input.path.stat().st_size
            done = self.base + size if size is not None else self.step.done
        else:
            done = self.base + rows
        tables = f"{self.tables} table{'s' if self.tables != 1 else ''}"
        self.step.update(done=done, detail=f"{tables}, {self.rows:,} rows")


def _write_log(target: str, connection, schema: str, report: LoadReport) -> None:
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        (
            report.build_id,
            loaded_at,
            report.source,
            report.export_date,
            t.table,
            t.rows,
            t.present,
            round(t.seconds, 3),
            ", ".join(t.new_columns) or None,
            ", ".join(t.missing_columns) or None,
        )
        for t in report.tables
    ]
    columns = ", ".join(f"{name} {kind}" for name, kind in LOG_COLUMNS)
    quoted = f'"{schema}"."{LOG_TABLE}"'
    connection.execute(f"CREATE TABLE {quoted} ({columns})")
    insert_rows(target, connection, quoted, rows)


def insert_rows(target: str, connection, table: str, rows: list[tuple]) -> None:
    """A few bookkeeping rows into `table` (quoted), on either target's connection."""
    if not rows:
        return
    if target == "duckdb":
        marks = ", ".join("?" * len(rows[0]))
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    else:
        marks = ", ".join(["%s"] * len(rows[0]))
        with connection.cursor() as cur:
            cur.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
