"""The benchmark's report, as markdown: one row per build (wall time split into start-up and
build, CPU, peak RSS, the build's phases, the floor), the largest build's dbt models by time,
its raw load per file beside the floor, and a failed build's last lines of stderr."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from bench.floor import floor_table
from bench.scalegen import human_bytes

if TYPE_CHECKING:
    from bench.runner import RunResult

MODEL_ROWS = 15  # the models table lists this many slowest models, then the rest as one row
TEST_ROWS = 10  # and the tests table this many tests


def _seconds(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _gib(size: int | None) -> str:
    return "-" if size is None else f"{size / 2**30:.2f}"


def _phase_names(results: list[RunResult]) -> list[str]:
    names: list[str] = []
    for result in results:
        names += [name for name in result.phases or {} if name not in names]
    return names


def results_table(results: list[RunResult]) -> str:
    """One row per build: the wall time, its start-up and the build after it, then CPU, memory,
    the build's own phases and, on DuckDB, the floor under the raw load."""
    phase_names = _phase_names(results)
    header = ["studies", "input size", "target", "wall (s)", "start-up (s)", "build (s)"]
    header += ["CPU (s)", "peak RSS (GiB)"]
    with_server = any(r.server_peak_rss is not None for r in results)
    if with_server:
        header.append("server peak RSS (GiB)")
    header += [f"{name} (s)" for name in phase_names] or ["phases"]
    with_floor = any(r.floor for r in results)
    if with_floor:
        header.append("floor: plain read_csv (s)")
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" for _ in header) + "|"]
    for r in results:
        cells = [
            f"{r.studies:,}",
            human_bytes(r.input_bytes),
            r.target,
            f"{r.wall:.1f}" + ("" if r.returncode == 0 else " (failed)"),
            _seconds(r.startup),
            _seconds(r.build_seconds),
            _seconds(r.cpu),
            _gib(r.peak_rss),
        ]
        if with_server:
            cells.append(_gib(r.server_peak_rss))
        cells += [_seconds((r.phases or {}).get(name), 2) for name in phase_names]
        if not phase_names:
            cells.append("-")  # no build wrote a report (it predates --report-json)
        if with_floor:
            cells.append(_seconds(r.floor.seconds if r.floor else None, 2))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def dbt_nodes_table(result: RunResult, rows: int = MODEL_ROWS, kind: str = "models") -> str:
    """The run's dbt models (or, with kind="tests", its dbt tests), slowest first (the tail
    summed in one row), and their total."""
    spent = result.model_seconds if kind == "models" else result.test_seconds
    ranked = sorted((spent or {}).items(), key=lambda item: (-item[1], item[0]))
    phase = "dbt_models" if kind == "models" else "checks"
    lines = [
        f"dbt {kind} of the {result.studies:,}-study build ({result.target}), slowest first "
        f"(each one's own time; dbt runs several at once, so they add up to more than the "
        f"{phase} phase):",
        "",
        f"| {kind[:-1]} | seconds |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in ranked[:rows]]
    if len(ranked) > rows:
        rest = ranked[rows:]
        lines.append(f"| {len(rest)} other {kind} | {sum(s for _, s in rest):.2f} |")
    total = sum(seconds for _, seconds in ranked)
    lines.append(f"| **total ({len(ranked)} {kind})** | **{total:.2f}** |")
    return "\n".join(lines)


def failure_lines(result: RunResult) -> list[str]:
    """What a failed build said last, and where its whole stderr is."""
    head = (
        f"build of {result.studies:,} studies failed (exit {result.returncode}); "
        f"last lines of its stderr ({result.log_dir / 'build.stderr'}):"
    )
    return [head, *(f"  {line}" for line in result.stderr_tail)]


def print_report(results: list[RunResult]) -> None:
    """Everything above, to stdout (a failure to stderr first)."""
    for result in results:
        if result.returncode != 0:
            print("\n" + "\n".join(failure_lines(result)), file=sys.stderr)
    print()
    print(results_table(results))
    timed = [r for r in results if r.model_seconds]
    if timed:
        print()
        largest = max(timed, key=lambda r: r.studies)
        print(dbt_nodes_table(largest))
        if largest.test_seconds:
            print()
            print(dbt_nodes_table(largest, rows=TEST_ROWS, kind="tests"))
    floored = [r for r in results if r.floor]
    if floored:
        largest = max(floored, key=lambda r: r.studies)
        print()
        print(floor_table(largest.studies, largest.floor, largest.log_dir / "build.stdout"))
