"""`dbt build` in this process (dbt's programmatic runner): a build skips a second Python start
and dbt's import, seconds that dominate small builds. The Dagster job's dbt asset runs it and
turns each node's result into a materialization or a check result."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from orchestration.dbt import warmup
from orchestration.dbt.node_times import history_path, keep_node_seconds, read_node_seconds
from orchestration.dbt.progress import FAILED, DbtProgress
from orchestration.dbt.project import (
    BUILD_EXCLUDES,
    environment,
    keep_partial_parse,
    profile_slot,
    seed_partial_parse,
)
from orchestration.progress import QUIET, Progress
from orchestration.settings import DBT_PROJECT_DIR


@dataclass(frozen=True)
class NodeResult:
    """One dbt node's result: a model built or a data test run."""

    unique_id: str
    name: str
    resource_type: str  # model, test, …
    status: str  # success, error, pass, fail, warn, skipped, …
    seconds: float
    message: str
    failures: int | None  # rows a test found
    label: str = ""  # a test as `accepted_values on stg_aact__studies.overall_status_code`
    found: str = ""  # what a failing or warning test found: ` (SUSPENDED_INDEFINITELY, 1)`
    rows: int | None = None  # rows a table model wrote, where the database said (PostgreSQL)


@dataclass
class DbtOutcome:
    success: bool
    seconds: dict[str, float] = field(default_factory=dict)  # model / test: summed node time
    model_seconds: dict[str, float] = field(default_factory=dict)  # model name: its own time
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # warn-severity tests that found rows
    nodes: list[NodeResult] = field(default_factory=list)  # in the order dbt finished them


def close_duckdb_environment() -> None:
    """dbt-duckdb keeps its DuckDB database open in a class attribute after a run; in this
    process that would hold the build's file (and its write lock) past its publish, so that
    readers of the live warehouse fail until the process ends. Close it."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None


# Runs a test's own query against the build (once dbt has closed it) and returns its first rows.
FailingRows = Callable[[str], list[tuple]]
EXAMPLES = 3  # failing rows named per test


# Ctrl-C as dbt's result holds it: Python's own, or the one Dagster raises in a step it runs
INTERRUPTS = {"KeyboardInterrupt", "DagsterExecutionInterruptedError"}


def _interrupted(exception: BaseException | None) -> bool:
    """Whether dbt stopped for Ctrl-C: its result holds the interrupt, or an error raised while
    handling it (a thread's connection cancelled mid-query)."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if type(exception).__name__ in INTERRUPTS:
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def run_dbt_build(
    env: dict[str, str],
    target_path: Path,
    log: TextIO,
    select_args: Sequence[str] = (),
    progress: Progress = QUIET,
    failing_rows: FailingRows | None = None,
    threads: int | None = None,
) -> DbtOutcome:
    """Run `dbt build` (models and data tests; `select_args` narrow it) with the profile reading
    `env` and `threads` dbt threads (default: the profile's); dbt's output goes to `log`, its
    nodes done out of the total to `progress`, failures come back one line each, with the first
    rows each failing test found (`failing_rows`)."""
    if threads is not None:
        select_args = [*select_args, "--threads", str(threads)]
    with profile_slot(env) as slotted:
        return _run_dbt_build(slotted, target_path, log, select_args, progress, failing_rows)


def _run_dbt_build(
    env: dict[str, str],
    target_path: Path,
    log: TextIO,
    select_args: Sequence[str],
    progress: Progress,
    failing_rows: FailingRows | None,
) -> DbtOutcome:
    # a warm-up the raw load started does what dbt would do first; waited for before this
    # thread imports dbt's modules too (two threads importing one module graph can deadlock)
    warmup.wait()
    from dbt.cli.main import dbtRunner

    seed_partial_parse(target_path, env)
    args = [
        "build",
        *BUILD_EXCLUDES,
        *select_args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target_path),
        "--log-path",
        str(target_path),
        "--no-use-colors",
        "--no-send-anonymous-usage-stats",
        # dbt's debug log (every statement again) costs a build most of a second; its output
        # stays in `log`, each node's SQL in the target's compiled/ and run/ folders
        "--log-level-file",
        "none",
        # a build's schemas start empty: dbt's relation cache has nothing to find
        "--no-populate-cache",
        # no manifest.json (written twice), run_results.json or graph.gpickle per build: the
        # run's nodes, times and failures come back in the result (DbtOutcome, the run's events
        # in Dagster) and its output in `log`; ~0.3 s of every build
        "--no-write-json",
    ]
    # the progress step opens first: its bars take over stderr before dbt's output is redirected
    history = history_path(target_path.parent, env["CTW_TARGET"])  # dbt_env resolves it
    with (
        DbtProgress(progress, expected=read_node_seconds(history)) as counted,
        environment(env),
        contextlib.redirect_stdout(log),
        contextlib.redirect_stderr(log),
    ):
        # dbt's garbage is a few hundred MB of cycles at most (per node, not per row: the
        # database does the data work); collecting it as it goes cost a small build ~0.5 s.
        # The collector is left as the caller had it: a CLI build keeps it off to the end.
        collecting = gc.isenabled()
        gc.disable()
        try:
            result = dbtRunner(callbacks=[counted]).invoke(args)
        finally:
            if collecting:
                gc.enable()
            close_duckdb_environment()
    if _interrupted(result.exception):
        # dbt's worker threads finish their node and log it to the closed output: quietly
        logging.raiseExceptions = False
        raise KeyboardInterrupt  # dbtRunner returns Ctrl-C as a result; it stops the build
    outcome = DbtOutcome(success=bool(result.success), seconds={"model": 0.0, "test": 0.0})
    if result.exception is None:
        keep_partial_parse(target_path, env)
    if result.exception is not None:
        said = str(result.exception).strip().splitlines()
        outcome.failures.append(f"dbt: {said[0] if said else type(result.exception).__name__}")
    for node_result in getattr(result.result, "results", None) or []:
        node = node_result.node
        kind = "model" if node.resource_type == "model" else "test"
        seconds = node_result.execution_time or 0.0
        metadata = getattr(node, "test_metadata", None)
        label = node_label(
            node.name,
            getattr(node, "attached_node", None),
            getattr(metadata, "name", None),
            getattr(node, "column_name", None),
        )
        found = ""
        if kind == "test" and node_result.failures and failing_rows is not None:
            found = _found(node, failing_rows)
        outcome.nodes.append(
            NodeResult(
                unique_id=node.unique_id,
                name=node.name,
                resource_type=str(node.resource_type),
                status=str(node_result.status),
                seconds=seconds,
                message=(node_result.message or "").strip(),
                failures=node_result.failures,
                label=label,
                found=found,
                rows=rows_written(node, node_result),
            )
        )
        outcome.seconds[kind] += seconds
        if kind == "model":
            outcome.model_seconds[node.name] = seconds
        if str(node_result.status) in FAILED:
            message = _one_line(node_result.message or str(node_result.status))
            outcome.failures.append(f"dbt {node.resource_type} {label}: {message}{found}")
        elif str(node_result.status) == "warn":
            message = (node_result.message or "warn").strip().splitlines()[0]
            outcome.warnings.append(f"dbt test {label}: {message}{found}")
    if outcome.success and outcome.nodes:
        # the next build's time left (orchestration/dbt/node_times.py); a build that cannot
        # write it has still succeeded
        with contextlib.suppress(OSError):
            keep_node_seconds(history, {node.unique_id: node.seconds for node in outcome.nodes})
    return outcome


def rows_written(node, node_result) -> int | None:
    """The rows a table model's statement wrote, as the database reported them (PostgreSQL's
    `SELECT n` / `INSERT 0 n`; dbt-duckdb reports none): counting them again after the build
    reads every large table once more. None for a view (its count runs its query) or a test."""
    if node.resource_type != "model" or getattr(node.config, "materialized", None) != "table":
        return None
    response = getattr(node_result, "adapter_response", None) or {}
    rows = response.get("rows_affected")
    return rows if isinstance(rows, int) and rows >= 0 else None


def node_label(
    name: str, attached_node: str | None, test: str | None = None, column: str | None = None
) -> str:
    """A test by what it tests: `table_keys on stg_aact__studies`, `accepted_values on
    stg_aact__studies.overall_status_code` (not dbt's name of a generic test, which spells
    every accepted value); a singular test by its name."""
    model = (attached_node or "").rsplit(".", 1)[-1]
    if not model:
        return name
    return f"{test or name} on {model}{f'.{column}' if test and column else ''}"


def _found(node, failing_rows: FailingRows) -> str:
    """`: duplicate primary key nct_id NCT02552212 (2 rows); …`: what a failing test found,
    read with the test's own query; nothing when that query cannot run."""
    compiled = getattr(node, "compiled_code", None)
    if not compiled:
        return ""
    try:
        rows = failing_rows(f"select * from ({compiled}) as failing limit {EXAMPLES + 1}")
    except Exception:  # noqa: BLE001 - the failure itself is reported either way
        return ""
    shown = [describe_failing_row(row) for row in rows[:EXAMPLES]]
    more = ", …" if len(rows) > EXAMPLES else ""
    return f" ({'; '.join(shown)}{more})" if shown else ""


def describe_failing_row(row: tuple) -> str:
    """One row a test returned: table_keys' (problem, column, value, rows) as a phrase, any
    other test's row as its values."""
    if len(row) == 4 and isinstance(row[0], str) and isinstance(row[3], int):
        problem, column, value, count = row
        rows = f"({count} row{'s' if count != 1 else ''})"
        return f"{problem} {rows}" if value is None else f"{problem}: {column} {value} {rows}"
    return ", ".join("NULL" if value is None else str(value) for value in row)


def _one_line(message: str) -> str:
    """The line that says what went wrong: for a database error, the database's message (dbt's
    first line only names the model again), e.g. `canceling statement due to lock timeout`."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].startswith("Database Error in "):
        return f"Database Error: {lines[1]}"
    return lines[0] if lines else message
