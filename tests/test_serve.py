"""`./warehouse serve` as an operator runs it: the webserver, the daemon and their code server on
a fresh PostgreSQL database it creates, two builds launched through GraphQL one after the other
(the second waits in the run queue while the first runs), then SIGTERM stops everything.

It runs on 127.0.0.1 on a free port, with its own DAGSTER_HOME, warehouse file and Dagster
database (dropped afterwards), never the developer's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from tests.dagster_web import (
    free_port,
    graphql,
    group_processes,
    processes_using,
    start_warehouse,
    wait_until_loaded,
)
from tests.helpers import PG_ADMIN, cli_env, duckdb_query, pg_conninfo

pytestmark = pytest.mark.postgres

START_SECONDS = 300  # the code server imports the code location; the machine is shared
RUNS_SECONDS = 600  # two builds of the sample, one after the other
STOP_SECONDS = 90  # serve's own grace period is 30 s per step
ACTIVE = ("STARTING", "STARTED")
DONE = ("SUCCESS", "FAILURE", "CANCELED")
LAUNCH = """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
  __typename ... on LaunchRunSuccess { run { runId status } }
  ... on PythonError { message } ... on Error { message } } }"""
RUNS = """query($ids: [String!]) { runsOrError(filter: {runIds: $ids}) {
  ... on Runs { results { runId status startTime endTime } } } }"""


@dataclass(frozen=True)
class Server:
    base: str
    process: subprocess.Popen
    log: Path
    home: Path
    dbname: str
    warehouse: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def _drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        admin.execute(drop.format(sql.Identifier(name)))


def _leftovers(server: Server) -> list[int]:
    return sorted(set(group_processes(server.process.pid)) | set(processes_using(server.home)))


@pytest.fixture
def server(tmp_path):
    """`./warehouse serve` started as a user starts it; whatever it leaves running is killed
    (and fails the test), and its Dagster database is dropped."""
    admin = conninfo_to_dict(PG_ADMIN)
    dbname = f"ctw_test_serve_{uuid.uuid4().hex[:10]}"
    data, home, port = tmp_path / "data", tmp_path / "dagster_home", free_port()
    settings = {
        "CTW_PG_HOST": admin.get("host", "127.0.0.1"),
        "CTW_PG_PORT": str(admin.get("port", "5432")),
        "CTW_PG_USER": admin.get("user", "postgres"),
        "CTW_DAGSTER_PG_DATABASE": dbname,
        "CTW_DUCKDB_PATH": str(data / "warehouse.duckdb"),
        "CTW_CTGOV_MIRROR": str(data / "ctgov_mirror.duckdb"),
        "CTW_RUN_FAILURE_LOG": str(data / "run_failures.jsonl"),
    }
    log = tmp_path / "serve.log"
    process = start_warehouse("serve", port, cli_env(settings, home), log)
    running = Server(
        f"http://127.0.0.1:{port}", process, log, home, dbname, data / "warehouse.duckdb"
    )
    try:
        yield running
    finally:
        if process.poll() is None:  # the test failed before it stopped serve
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        left = _leftovers(running)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _drop_database(dbname)
        assert not left, f"processes left running: {left}\n{running.log_text()[-3000:]}"


def _webserver_pid(server: Server) -> int:
    """The pid of serve's dagster-webserver."""
    for pid in _leftovers(server):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(part.endswith(b"dagster-webserver") for part in command):
            return pid
    pytest.fail(f"no dagster-webserver among serve's processes:\n{server.log_text()[-3000:]}")


def build_job(entries: list[dict]) -> dict:
    """The selector of the build_warehouse job, from the workspace the webserver loaded."""
    for entry in entries:
        for repository in entry["locationOrLoadError"].get("repositories", []):
            if any(job["name"] == "build_warehouse" for job in repository["jobs"]):
                return {
                    "repositoryLocationName": entry["name"],
                    "repositoryName": repository["name"],
                    "jobName": "build_warehouse",
                }
    pytest.fail(f"no build_warehouse job in the workspace: {entries}")


def launch(base: str, selector: dict) -> str:
    launched = graphql(base, LAUNCH, {"params": {"selector": selector}})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    return launched["run"]["runId"]


def runs(base: str, ids: list[str]) -> list[dict]:
    results = graphql(base, RUNS, {"ids": ids})["runsOrError"]["results"]
    found = {run["runId"]: run for run in results}
    return [found[run_id] for run_id in ids]


def test_serve_queues_a_second_build_and_runs_both_in_order(server):
    entries = wait_until_loaded(
        server.base, server.process, server.log, START_SECONDS, "./warehouse serve"
    )
    ready = f"Dagster UI ready at {server.base} "
    deadline = time.monotonic() + 60  # serve's own poll may see the webserver after the test's
    while ready not in server.log_text() and time.monotonic() < deadline:
        time.sleep(0.5)
    said = server.log_text()
    assert f"PostgreSQL database {server.dbname} on " in said and "(created now)" in said, said
    assert ready in said, said

    selector = build_job(entries)
    first = launch(server.base, selector)
    second = launch(server.base, selector)

    # The second waits in the queue while the first runs; they never run together. While the
    # second runs, the webserver is killed: serve starts it again, and the build goes on.
    queued_behind, history, killed = False, [], None
    deadline = time.monotonic() + RUNS_SECONDS
    while time.monotonic() < deadline:
        one, two = runs(server.base, [first, second])
        if killed is None and two["status"] in ACTIVE:
            killed = _webserver_pid(server)
            os.kill(killed, signal.SIGKILL)
            wait_until_loaded(
                server.base, server.process, server.log, START_SECONDS, "serve (webserver killed)"
            )
            continue
        history.append((one["status"], two["status"]))
        assert not (one["status"] in ACTIVE and two["status"] in ACTIVE), history
        queued_behind |= one["status"] in ACTIVE and two["status"] == "QUEUED"
        if one["status"] in DONE and two["status"] in DONE:
            break
        if server.process.poll() is not None:
            pytest.fail(f"serve exited with {server.process.returncode}:\n{server.log_text()}")
        time.sleep(1)
    assert (one["status"], two["status"]) == ("SUCCESS", "SUCCESS"), (
        history[-3:],
        server.log_text()[-5000:],
    )
    assert queued_behind, f"the second run was never seen QUEUED while the first ran: {history}"
    assert killed is not None, f"the second run was never seen running: {history}"
    assert "the webserver exited with code -9 after " in server.log_text(), server.log_text()
    assert killed not in _leftovers(server) and _webserver_pid(server) != killed
    assert two["startTime"] >= one["endTime"], (one, two)

    # Run history is in the Dagster database serve created, not in SQLite.
    with psycopg.connect(pg_conninfo(server.dbname)) as conn:
        stored = conn.execute(
            "select run_id, status from runs where pipeline_name = 'build_warehouse' "
            "order by create_timestamp"
        ).fetchall()
    assert stored == [(first, "SUCCESS"), (second, "SUCCESS")]

    # Both builds published, in launch order: a build's id ends with its run's.
    query = duckdb_query(server.warehouse)
    builds = [b for (b,) in query("select distinct build_id from raw_aact._mart_rows order by 1")]
    assert [build[-6:] for build in builds] == [first[:6], second[:6]], builds
    assert query("select count(*) from marts.dim_trials") == [(41,)]

    # SIGTERM stops the webserver, the daemon and the code server, and serve exits cleanly.
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=STOP_SECONDS) == 0, server.log_text()[-3000:]
    said = server.log_text()
    assert "SIGTERM: stopping the webserver, the daemon, the code server" in said, said[-3000:]
    assert said.rstrip().endswith("warehouse serve - stopped"), said[-3000:]
    assert _leftovers(server) == []
