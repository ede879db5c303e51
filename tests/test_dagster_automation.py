"""The warehouse runs itself: an export dropped in the inbox runs `build_warehouse` on it, and a
failed run leaves a JSON record and a webhook POST. Real runs on a Dagster instance."""

import json
import zipfile

import dagster as dg
import pytest

from orchestration.defs.aact.sensors import aact_inbox
from orchestration.defs.warehouse.sensors import record_run_failures
from tests.test_run_failures import webhook_server

STUDIES = dg.AssetKey(["aact", "studies"])


@pytest.fixture(scope="module")
def definitions() -> dg.Definitions:
    from orchestration.definitions import defs

    return defs()


def test_a_dropped_export_is_built_and_its_failure_is_recorded_and_posted(
    definitions, tmp_path, monkeypatch, sample_dir
):
    """An export without studies.txt dropped in the inbox: the sensor's run request runs
    build_warehouse on it, which fails naming the file; the failure sensor writes the record."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    export = inbox / "20260601_export_ctgov.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.write(sample_dir / "conditions.txt", "conditions.txt")
    log = tmp_path / "run_failures.jsonl"
    monkeypatch.setenv("CTW_AACT_INBOX", str(inbox))
    monkeypatch.setenv("CTW_RUN_FAILURE_LOG", str(log))

    instance = dg.DagsterInstance.ephemeral()
    first = aact_inbox(dg.build_sensor_context(instance=instance))
    (request,) = aact_inbox(
        dg.build_sensor_context(instance=instance, cursor=first.cursor)
    ).run_requests
    run_config = request.run_config
    # a warehouse of its own, not the repository's
    run_config["resources"]["warehouse"] = {"config": {"duckdb_path": str(tmp_path / "w.duckdb")}}
    failed = definitions.resolve_job_def(aact_inbox.job_name).execute_in_process(
        instance=instance, run_config=run_config, tags=request.tags, raise_on_error=False
    )
    assert not failed.success

    with webhook_server() as (url, received):
        monkeypatch.setenv("CTW_FAILURE_WEBHOOK_URL", url)
        context = dg.build_run_status_sensor_context(
            sensor_name="record_run_failures",
            dagster_event=failed.get_run_failure_event(),
            dagster_instance=instance,
            dagster_run=failed.dagster_run,
        ).for_run_failure()
        record_run_failures(context)

    (line,) = log.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["job"] == "build_warehouse"
    assert record["run_id"] == failed.run_id
    assert record["url"] == f"/runs/{failed.run_id}"
    assert record["error"] == f"{export}: required AACT table(s) studies not found"
    assert record["failed_steps"] == ["raw_tables"]
    assert STUDIES.to_user_string() in record["failed_assets"]
    assert "warehouse/live" not in record["failed_assets"]  # not run, not failed
    assert record["tags"]["ctw/aact_export"] == "20260601_export_ctgov.zip"
    assert record["tags"]["ctw/aact_export_date"] == "2026-06-01"
    assert record["started_at"] <= record["ended_at"]
    (post,) = received
    assert post["body"].decode("utf-8") == line  # the same JSON


def test_schedules_and_sensors_are_in_the_code_location(definitions):
    repo = definitions.get_repository_def()
    schedules = {s.name: s for s in repo.schedule_defs}
    sensors = {s.name: s for s in repo.sensor_defs}
    assert set(schedules) == {"ctgov_weekday_refresh", "aact_monthly_reload"}
    assert set(sensors) == {"aact_inbox", "record_run_failures"}
    monthly = schedules["aact_monthly_reload"]
    assert monthly.job_name == "build_warehouse"
    assert monthly.cron_schedule == "0 3 1 * *"
    assert monthly.execution_timezone == "America/New_York"
    assert sensors["aact_inbox"].job_name == "build_warehouse"
    assert sensors["record_run_failures"].default_status == dg.DefaultSensorStatus.RUNNING
