"""Records of failed runs (orchestration/warehouse/run_failures.py): the JSON line, the file, and
the webhook, against a real HTTP server on 127.0.0.1."""

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from orchestration.warehouse.run_failures import (
    FailedStep,
    append_record,
    failure_record,
    first_lines,
    post_record,
)


@contextmanager
def webhook_server(status: int = 204, delay: float = 0.0):
    """A local server that keeps every POST (path, headers, body) and answers `status`."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"path": self.path, "headers": dict(self.headers), "body": body})
            time.sleep(delay)
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks/ctw", received
    finally:
        server.shutdown()
        server.server_close()


RUN_MESSAGE = "Execution of run for \"build_warehouse\" failed. Steps failed: ['raw_tables']."


def sample_record() -> dict:
    return failure_record(
        run_id="8c1f2a4e-0000-4000-8000-000000000001",
        job="build_warehouse",
        message=RUN_MESSAGE,
        steps=[
            FailedStep(
                "raw_tables",
                "AACT flat files not found: /inbox/x.zip does not exist",
                ("aact/studies", "aact/conditions", "aact/studies"),
            )
        ],
        started=1_780_000_000.5,
        ended=1_780_000_012.0,
        tags={"ctw/trigger": "aact_inbox", "ctw/aact_export": "20260601_export_ctgov.zip"},
    )


def test_a_record_names_the_run_the_failed_step_its_assets_and_the_error(tmp_path):
    record = sample_record()
    assert record == {
        "run_id": "8c1f2a4e-0000-4000-8000-000000000001",
        "job": "build_warehouse",
        "status": "FAILURE",
        "error": "AACT flat files not found: /inbox/x.zip does not exist",
        "run_message": RUN_MESSAGE,
        "failed_steps": ["raw_tables"],
        "failed_assets": ["aact/conditions", "aact/studies"],
        "step_errors": {"raw_tables": "AACT flat files not found: /inbox/x.zip does not exist"},
        "started_at": "2026-05-28T20:26:40+00:00",
        "ended_at": "2026-05-28T20:26:52+00:00",
        "tags": {"ctw/aact_export": "20260601_export_ctgov.zip", "ctw/trigger": "aact_inbox"},
        "url": "/runs/8c1f2a4e-0000-4000-8000-000000000001",
    }
    # a run that failed before any step (e.g. it could not start) keeps the run's message
    no_steps = failure_record(
        run_id="r", job="j", message="boom", steps=[], started=None, ended=None, tags={}
    )
    assert no_steps["error"] == "boom" and no_steps["started_at"] is None

    log = tmp_path / "logs" / "run_failures.jsonl"
    append_record(log, record)
    append_record(log, no_steps)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [record, no_steps]


def test_long_errors_keep_their_first_lines():
    text = "\n".join(f"line {i}" for i in range(1, 9))
    assert first_lines(text) == "line 1\nline 2\nline 3\nline 4\nline 5\n… (3 more lines)"
    assert first_lines(None) == ""


def test_the_webhook_receives_the_record_as_json_and_failures_to_deliver_are_reported():
    record = sample_record()
    with webhook_server() as (url, received):
        assert post_record(url, record) is None
    (post,) = received
    assert post["path"] == "/hooks/ctw"
    assert post["headers"]["Content-Type"] == "application/json"
    assert json.loads(post["body"]) == record

    with webhook_server(status=500) as (url, _):
        assert post_record(url, record) == f"webhook {url} answered HTTP 500 Internal Server Error"
    with webhook_server(delay=1) as (url, _):
        assert post_record(url, record, timeout=0.3) == f"webhook {url} not reached: timed out"
    # the server above is gone: nothing listens on its port now
    assert post_record(url, record).startswith(f"webhook {url} not reached: [Errno 111]")
    assert post_record("not a url", record).startswith("webhook not a url not reached:")


def test_the_failure_sensor_records_a_failed_cli_build(tmp_path, monkeypatch):
    """A CLI build is a run of this code location (its origin is the workspace's), so the
    `record_run_failures` sensor a daemon evaluates on the same instance records its failure as
    it does a scheduled build's."""
    import dagster as dg

    from orchestration.defs.warehouse.sensors import record_run_failures
    from orchestration.runs import BUILD_JOB, workspace_origin
    from tests.helpers import run_cli

    home, log, missing = tmp_path / "home", tmp_path / "failures.jsonl", tmp_path / "no-export"
    env = {
        "CTW_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "CTW_AACT_SOURCE": "flatfiles",
        "CTW_AACT_FLATFILES": str(missing),
        "CTW_RUN_FAILURE_LOG": str(log),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DAGSTER_HOME", str(home))

    def failed_build() -> None:
        result = run_cli("build", env=env, dagster_home=home)
        assert result.returncode == 1, result.stderr[-2000:]

    def tick(cursor: str | None) -> str | None:
        instance = dg.DagsterInstance.from_config(str(home))
        context = dg.SensorEvaluationContext(
            instance_ref=None,
            last_tick_completion_time=None,
            last_run_key=None,
            cursor=cursor,
            repository_name=workspace_origin(BUILD_JOB).repository_origin.repository_name,
            instance=instance,
            code_location_origin=workspace_origin(BUILD_JOB).repository_origin.code_location_origin,
        )
        return record_run_failures.evaluate_tick(context).cursor

    failed_build()
    cursor = tick(None)  # a sensor's first tick starts after the runs before it
    assert not log.exists()
    failed_build()
    tick(cursor)
    (record,) = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    instance = dg.DagsterInstance.from_config(str(home))
    latest = instance.get_runs(limit=1)[0]
    assert (record["run_id"], record["job"]) == (latest.run_id, BUILD_JOB)
    assert record["tags"]["ctwarehouse/launched_by"] == "cli"
    assert record["failed_steps"] == ["raw_tables"]
    assert str(missing) in record["error"]
