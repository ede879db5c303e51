"""Progress lines: counts, rate and time left worded for people, at most one line per step every
CTW_PROGRESS_SECONDS when the output is not a terminal, and dbt's nodes counted from dbt's own
events."""

from __future__ import annotations

import io

import pytest
from dbt.events.types import ConcurrencyLine, NodeFinished
from dbt_common.events.base_types import msg_from_base_event

from orchestration.dbt.progress import DbtProgress
from orchestration.progress import (
    LineSink,
    Progress,
    Snapshot,
    Throttle,
    console_progress,
    eta_seconds,
    format_bytes,
    format_duration,
    format_rate,
)


class Clock:
    """Seconds that pass only when the test says so."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0 B"), (999, "999 B"), (1234, "1.2 kB"), (45_100_000, "45.1 MB"), (123e6, "123 MB")],
)
def test_bytes_are_scaled_to_decimal_units(value, text):
    assert format_bytes(value) == text
    assert format_bytes(2.1e9) == "2.1 GB" and format_bytes(3e18) == "3000 PB"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.04, "0.0 s"), (4.25, "4.2 s"), (42.4, "42 s"), (185, "3 min 05 s"), (7380, "2 h 03 min")],
)
def test_durations_read_as_seconds_minutes_or_hours(seconds, text):
    assert format_duration(seconds) == text


def test_rates_drop_to_per_minute_when_slow():
    assert format_rate(18.4, "nodes") == "18 nodes/s"
    assert format_rate(2.54, "nodes") == "2.5 nodes/s"
    assert format_rate(50 / 60, "pages") == "50.0 pages/min"  # CT.gov's limit
    assert format_rate(1 / 7200, "pages") == "0.5 pages/h"
    assert format_rate(45.1e6, "bytes") == "45.1 MB/s"


def test_eta_is_what_is_left_at_the_rate_so_far():
    assert eta_seconds(120, 206, 2.0) == 43.0
    assert eta_seconds(210, 206, 2.0) == 0.0
    assert eta_seconds(1, None, 2.0) is None and eta_seconds(0, 206, None) is None


def test_a_running_step_shows_counts_rate_eta_and_detail():
    dbt = Snapshot("dbt", "nodes", done=120, total=206, elapsed=60.0, detail="84 models")
    assert dbt.line() == "dbt: 120/206 nodes (58 %), 2.0 nodes/s, ETA 43 s; 84 models"
    load = Snapshot("load aact", "bytes", done=1.2e9, total=2.1e9, elapsed=30.0)
    assert load.line() == "load aact: 1.2 GB of 2.1 GB (57 %), 40.0 MB/s, ETA 22 s"
    unknown = Snapshot("CT.gov id sweep", "pages", done=3, total=None, elapsed=3.6)
    assert unknown.line() == "CT.gov id sweep: 3 pages, 50.0 pages/min"
    # a resumed sync: the 40 pages fetched before are not in its rate
    resumed = Snapshot("CT.gov pages", "pages", done=46, total=560, elapsed=6.0, start=40)
    assert resumed.line() == "CT.gov pages: 46/560 pages (8 %), 1.0 pages/s, ETA 8 min 34 s"
    # the rate over the nodes' own time, not dbt's parse before them
    counted = Snapshot("dbt", "nodes", done=10, total=20, elapsed=9.0, counting=5.0)
    assert counted.line() == "dbt: 10/20 nodes (50 %), 2.0 nodes/s, ETA 5.0 s"


def test_a_finished_step_says_how_much_in_how_long():
    done = Snapshot("dbt", "nodes", 206, 206, elapsed=40.0, finished=True, detail="1 failed")
    assert done.line() == "dbt: 206 nodes in 40 s, 5.2 nodes/s; 1 failed"
    short = Snapshot("CT.gov pages", "pages", 5, 6, elapsed=4.0, finished=True)
    assert short.line() == "CT.gov pages: 5/6 pages (83 %) in 4.0 s, 1.2 pages/s"
    files = Snapshot("MeSH", "bytes", 3e8, 3e8, elapsed=20.0, finished=True)
    assert files.line() == "MeSH: 300 MB in 20 s, 15.0 MB/s"


def test_throttle_is_due_once_per_interval():
    throttle = Throttle(5.0, start=100.0)
    assert [throttle.due(t) for t in (101, 104.9, 105, 106, 109.9, 110.5)] == [
        False, False, True, False, False, True,
    ]  # fmt: skip


def lines_of(interval: float, clock: Clock) -> tuple[Progress, list[str]]:
    lines: list[str] = []
    return Progress([LineSink(lines.append, interval)], clock=clock), lines


def test_not_on_a_terminal_a_step_prints_one_line_per_interval_and_its_end():
    clock = Clock()
    progress, lines = lines_of(5.0, clock)
    with progress.step("dbt", total=100, unit="nodes") as step:
        for _ in range(100):  # one node every 0.25 s: 25 s, 100 updates
            clock.now += 0.25
            step.advance()
    assert lines == [
        "dbt: 20/100 nodes (20 %), 4.0 nodes/s, ETA 20 s",
        "dbt: 40/100 nodes (40 %), 4.0 nodes/s, ETA 15 s",
        "dbt: 60/100 nodes (60 %), 4.0 nodes/s, ETA 10 s",
        "dbt: 80/100 nodes (80 %), 4.0 nodes/s, ETA 5.0 s",
        "dbt: 100/100 nodes (100 %), 4.0 nodes/s, ETA 0.0 s",
        "dbt: 100 nodes in 25 s, 4.0 nodes/s",
    ]


def test_a_quick_step_prints_nothing_and_a_failed_one_no_end_line():
    clock = Clock()
    progress, lines = lines_of(5.0, clock)
    with progress.step("load vocab", total=3, unit="tables") as step:
        clock.now += 1
        step.advance(3)
    assert lines == []
    with pytest.raises(RuntimeError), progress.step("load aact", unit="rows") as step:
        clock.now += 6
        step.advance(1000)
        raise RuntimeError("bad row")
    assert lines == ["load aact: 1,000 rows, 167 rows/s"]
    progress.note("CT.gov id sweep skipped")
    assert lines[-1] == "CT.gov id sweep skipped"


def test_a_pipe_gets_plain_lines_and_no_terminal_codes():
    out, err = io.StringIO(), io.StringIO()
    progress = console_progress(interval=0, bar_stream=err, line_stream=out)
    with progress.step("PMDA", total=2, unit="sheets") as step:
        step.advance(detail="2025年4月")
    assert err.getvalue() == ""
    first = out.getvalue().splitlines()[0]
    assert first.startswith("PMDA: 1/2 sheets (50 %), ") and first.endswith("; 2025年4月")
    assert "\x1b[" not in out.getvalue()


def dbt_event(event):
    return msg_from_base_event(event)


def node_finished(resource_type: str, name: str, status: str):
    return dbt_event(
        NodeFinished(
            node_info={
                "unique_id": f"{resource_type}.ctwarehouse.{name}",
                "resource_type": resource_type,
                "node_name": name,
            },
            run_result={"status": status},
        )
    )


def test_dbt_nodes_are_counted_from_dbts_events_against_the_selected_total():
    clock = Clock()
    progress, lines = lines_of(0.0, clock)
    with DbtProgress(progress) as counted:
        clock.now += 3  # parsing: not in the rate
        counted(dbt_event(ConcurrencyLine(num_threads=2, target_name="dev", node_count=3)))
        for resource_type, name, status in (
            ("model", "stg_aact__studies", "success"),
            ("test", "unique_stg_aact__studies_nct_id", "fail"),
            ("model", "dim_trials", "success"),
        ):
            clock.now += 1
            counted(node_finished(resource_type, name, status))
    assert lines[-3:] == [
        "dbt: 2/3 nodes (67 %), 1.0 nodes/s, ETA 1.0 s; 1 model, 1 test, 1 failed",
        "dbt: 3/3 nodes (100 %), 1.0 nodes/s, ETA 0.0 s; 2 models, 1 test, 1 failed",
        "dbt: 3 nodes in 6.0 s, 1.0 nodes/s; 2 models, 1 test, 1 failed",
    ]


def dbt_lines(expected: dict[str, float], nodes: list[tuple[float, str, str, str]]) -> list[str]:
    """The progress lines of a dbt run of `nodes` (seconds it took, resource type, name,
    status), with the last build's node times `expected`."""
    clock = Clock()
    progress, lines = lines_of(0.0, clock)
    with DbtProgress(progress, expected=expected) as counted:
        counted(dbt_event(ConcurrencyLine(num_threads=2, target_name="dev", node_count=len(nodes))))
        for seconds, resource_type, name, status in nodes:
            clock.now += seconds
            counted(node_finished(resource_type, name, status))
    return lines


def test_dbt_time_left_comes_from_the_last_builds_node_times():
    """A rate in nodes says 2 s are left after the first of three nodes; the last build's node
    times say the last node alone takes 8 of the 10 expected seconds: 9 s at this pace."""
    expected = {
        "model.ctwarehouse.stg_aact__studies": 1.0,
        "test.ctwarehouse.table_keys": 1.0,
        "model.ctwarehouse.fct_drug_outcome_results": 8.0,
    }
    nodes = [
        (1, "model", "stg_aact__studies", "success"),
        (1, "test", "table_keys", "pass"),
        (8, "model", "fct_drug_outcome_results", "success"),
    ]
    assert dbt_lines(expected, nodes)[-4:-1] == [
        "dbt: 1/3 nodes (33 %), 1.0 nodes/s, ETA 9.0 s; 1 model",
        "dbt: 2/3 nodes (67 %), 1.0 nodes/s, ETA 8.0 s; 1 model, 1 test",
        "dbt: 3/3 nodes (100 %), 18.0 nodes/min, ETA 0.0 s; 2 models, 1 test",
    ]


def test_a_history_of_another_selection_leaves_the_time_left_to_the_rate():
    """`./warehouse dbt build --select …` runs a few nodes: a whole build's history does not fit
    (dbt says how many nodes it runs, not which)."""
    expected = {f"model.ctwarehouse.m{n}": 5.0 for n in range(146)}
    nodes = [(1, "model", "m0", "success"), (1, "model", "m1", "success")]
    assert (
        dbt_lines(expected, nodes)[-3] == "dbt: 1/2 nodes (50 %), 1.0 nodes/s, ETA 1.0 s; 1 model"
    )
