"""The floor under the build's load: a plain DuckDB `CREATE TABLE … AS SELECT * FROM read_csv(…)`
of every generated file, with the same column types as the warehouse's loader, into a new
database file with the same memory limit and compression methods, two tables at a time, largest
first, as the build loads them (`run_in_lanes`) — no rejects table, no checks, no load log. The
build's extract+load phase beside this number says what the loader's own work costs."""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.scalegen import TABLES
from orchestration import settings
from orchestration.raw.duckdb_writer import DUCKDB_TYPES
from orchestration.raw.layouts import table_columns
from orchestration.raw.load import run_in_lanes
from orchestration.warehouse.duckdb_store import disabled_compression_statement


@dataclass
class Floor:
    seconds: float
    table_seconds: dict[str, float] = field(default_factory=dict)
    rows: int = 0


def plain_read_csv(path: Path, table: str) -> str:
    """`read_csv` of one AACT flat file, its header's columns typed from the DDL, and nothing
    else."""
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\r\n").split("|")
    kinds = {c.name: c.kind for c in table_columns(table)}
    types = ", ".join(f"'{name}': '{DUCKDB_TYPES[kinds[name]]}'" for name in header)
    quoted = "'" + str(path).replace("'", "''") + "'"
    return (
        f"read_csv({quoted}, delim='|', quote='\"', escape='\"', header=true, "
        f"auto_detect=false, columns={{{types}}})"
    )


def measure_floor(data_dir: Path, work_dir: Path, memory_limit: str | None = None) -> Floor:
    """Time loading every table of `data_dir` into `work_dir/floor.duckdb` (removed afterwards)."""
    import duckdb

    memory_limit = memory_limit or os.environ.get("CTW_DUCKDB_MEMORY_LIMIT") or "2GB"
    database = work_dir / "floor.duckdb"
    database.unlink(missing_ok=True)
    spill = work_dir / "floor_tmp"
    floor = Floor(seconds=0.0)
    started = time.perf_counter()
    con = duckdb.connect(
        str(database),
        config={
            "memory_limit": memory_limit,
            "temp_directory": str(spill),
            "preserve_insertion_order": False,
        },
    )
    try:
        # the warehouse's own storage choice (CTW_DUCKDB_DISABLED_COMPRESSION), so the floor
        # writes the same kind of file
        con.execute(disabled_compression_statement(settings.get("CTW_DUCKDB_DISABLED_COMPRESSION")))
        lane = con.cursor()  # the same database and settings (DuckDB's are global)
        lock = threading.Lock()

        def load(cursor, table: str) -> None:
            tick = time.perf_counter()
            cursor.execute(
                f'CREATE TABLE "{table}" AS SELECT * FROM '
                f"{plain_read_csv(data_dir / f'{table}.txt', table)}"
            )
            rows = cursor.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            with lock:
                floor.rows += rows
                floor.table_seconds[table] = time.perf_counter() - tick

        by_size = sorted(TABLES, key=lambda t: -(data_dir / f"{t}.txt").stat().st_size)
        try:
            run_in_lanes(by_size, [con, lane], load)
        finally:
            lane.close()
        con.execute("CHECKPOINT")
    finally:
        con.close()
        floor.seconds = time.perf_counter() - started
        database.unlink(missing_ok=True)
        Path(f"{database}.wal").unlink(missing_ok=True)
    return floor


_LOADED = re.compile(r"loaded aact/(\w+): [\d,]+ rows in ([\d.]+) s")


def build_load_seconds(build_stdout: Path) -> dict[str, float]:
    """{table: seconds} from the build's own "loaded aact/<table>: … rows in … s" lines."""
    try:
        text = build_stdout.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    return {table: float(seconds) for table, seconds in _LOADED.findall(text)}


def floor_table(studies: int, floor: Floor, build_stdout: Path) -> str:
    """Markdown: each file's load in the build beside its plain read_csv, slowest first."""
    built = build_load_seconds(build_stdout)
    lines = [
        f"raw load of the {studies:,}-study build beside the floor (a plain "
        "CREATE TABLE AS SELECT * FROM read_csv(…) with the same types, two tables at a time "
        "like the build), per file:",
        "",
        "| table | build load (s) | plain read_csv (s) |",
        "|---|---:|---:|",
    ]
    for table, seconds in sorted(floor.table_seconds.items(), key=lambda item: -item[1]):
        mine = built.get(table)
        lines.append(f"| {table} | {'-' if mine is None else f'{mine:.1f}'} | {seconds:.1f} |")
    lines.append(
        f"| **all {len(floor.table_seconds)} files** | **{sum(built.values()):.1f}** | "
        f"**{floor.seconds:.1f}** (with its checkpoint) |"
    )
    return "\n".join(lines)
