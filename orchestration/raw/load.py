"""Load every raw table of a source into a build's raw schema, one table at a time,
through the target database's own bulk path; log each table in `<schema>._loads`, with the
columns it has beyond the DDL and the DDL columns it lacks (see drift.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
    lane_connection=None,
    unlogged: bool = False,
) -> LoadReport:
    """Fill `schema` with every table in `tables`; a table the source lacks is created empty.
    The source's tables count as one step of `progress` named `label`.

    With a `lane_connection` (a second session: on PostgreSQL its own transaction, on DuckDB a
    cursor of the same database) and a source whose tables can be opened at once (files), two
    tables load at a time, largest first: neither PostgreSQL's COPY (one core) nor DuckDB's CSV
    reader (about 1.6 cores) fills the machine alone, and one table (outcome_measurements) is
    most of the bytes, so the other tables load beside it instead of after it.

    `unlogged` (PostgreSQL): the tables skip the write-ahead log (CTW_PG_UNLOGGED_TABLES)."""
    writer = duckdb_writer if target == "duckdb" else postgres_writer
    options = {"unlogged": unlogged} if writer is postgres_writer else {}
    report = LoadReport(build_id=build_id, source=source.description, export_date=None)
    report.export_date = source.export_date
    present = [t for t in tables if t in source.tables]
    counter = LoadProgress(progress, label, source, present)
    loads: dict[str, TableLoad] = {}
    lock = threading.Lock()

    def record(loaded: TableLoad) -> None:
        with lock:
            loads[loaded.table] = loaded
            if on_table is not None:
                on_table(loaded)

    def load_table(conn, table: str) -> None:
        started = time.perf_counter()
        with source.open_table(table) as table_input:
            columns, drift = table_layout(
                table, table_input.origin, table_input.columns, table_input.kinds
            )
            with lock:
                counter.begin(table)

            def chunk(data: bytes) -> None:
                with lock:
                    counter.chunk(table, data)

            rows = writer.load_table(conn, schema, table_input, columns, on_chunk=chunk, **options)
            with lock:
                counter.end(table_input, rows)
        record(TableLoad(table, rows, True, time.perf_counter() - started, drift))

    lanes = [connection]
    if lane_connection is not None and source.concurrent_tables and len(present) > 1:
        lanes.append(lane_connection)
    with counter.step:
        for table in tables:
            if table not in source.tables:
                writer.create_empty_table(connection, schema, table, **options)
                record(TableLoad(table, 0, False, 0.0))
            elif len(lanes) == 1:
                load_table(connection, table)
        if len(lanes) > 1:
            by_size = sorted(present, key=lambda t: -source.sizes.get(t, 0))
            run_in_lanes(by_size, lanes, load_table)
    report.tables = [loads[t] for t in tables]
    _write_log(target, connection, schema, report)
    return report


def run_in_lanes(items: list[str], lanes: list, work: Callable[[object, str], None]) -> None:
    """`work(lane, item)` for every item, each lane (a connection) taking the next item when
    it is free; the first failure stops the lanes from taking more and is raised."""
    pending = list(reversed(items))
    lock = threading.Lock()
    failed = threading.Event()

    def lane_loop(lane) -> None:
        while not failed.is_set():
            with lock:
                if not pending:
                    return
                item = pending.pop()
            try:
                work(lane, item)
            except BaseException:
                failed.set()
                raise

    with ThreadPoolExecutor(max_workers=len(lanes), thread_name_prefix="load-lane") as pool:
        futures = [pool.submit(lane_loop, lane) for lane in lanes]
    for future in futures:
        future.result()


class LoadProgress:
    """A source's tables as one step: bytes of its files, or rows of a database (its row
    estimates as the total), counted per chunk as the writers stream them and exactly at the end
    of each table (two tables may be loading at once)."""

    def __init__(self, progress: Progress, label: str, source: TableSource, present: list[str]):
        self.unit = source.size_unit
        self.sizes = source.sizes
        self.present = present
        known = present and all(t in source.sizes for t in present)
        total = sum(source.sizes[t] for t in present) if known else None
        self.step: Step = (
            progress.step(label, total=total, unit=self.unit) if present else QUIET.step(label)
        )
        self.finished = 0  # exactly, for the tables done
        self.loading: dict[str, int] = {}  # as streamed so far, for the tables loading
        self.rows = 0
        self.tables = 0

    def _done(self) -> float:
        return self.finished + sum(self.loading.values())

    def begin(self, table: str) -> None:
        self.loading[table] = 0
        detail = f"table {self.tables + len(self.loading)}/{len(self.present)} {table}"
        self.step.update(detail=detail)

    def chunk(self, table: str, chunk: bytes) -> None:
        self.loading[table] += len(chunk) if self.unit == "bytes" else chunk.count(b"\n")
        self.step.update(done=self._done())

    def end(self, table_input: TableInput, rows: int) -> None:
        streamed = self.loading.pop(table_input.table)
        self.rows += rows
        self.tables += 1
        if self.unit == "bytes":
            size = self.sizes.get(table_input.table)
            if size is None and table_input.path is not None:
                size = table_input.path.stat().st_size
            self.finished += size if size is not None else streamed
        else:
            self.finished += rows
        tables = f"{self.tables} table{'s' if self.tables != 1 else ''}"
        self.step.update(done=self._done(), detail=f"{tables}, {self.rows:,} rows")


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
