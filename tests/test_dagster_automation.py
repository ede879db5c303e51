"""The warehouse runs itself: a CT.gov sync is followed by a whole build on the automation
sensor's next tick (one run), an export dropped in the inbox runs `build_warehouse` on it, and a
failed run leaves a JSON record and a webhook POST. Real runs on a Dagster instance."""

import json
import zipfile

import dagster as dg
import pytest
from dagster._core.definitions.automation_tick_evaluation_context import build_run_requests

from fakes.ctgov_server import FakeCtgov, load_studies, serve
from orchestration.defs.aact.sensors import aact_inbox
from orchestration.defs.ctgov.assets import MIRROR
from orchestration.defs.warehouse.automation import AUTOMATION_RUN_TAGS
from orchestration.defs.warehouse.sensors import record_run_failures
from tests.test_run_failures import webhook_server

STUDIES = dg.AssetKey(["aact", "studies"])


@pytest.fixture(scope="module")
def definitions() -> dg.Definitions:
    from orchestration.definitions import defs

    return defs()


def requested(result) -> set[dg.AssetKey | dg.AssetCheckKey]:
    """What the tick requested, by the entities' own conditions."""
    return {r.key for r in result.results if r.true_subset.size}


def test_a_mirror_sync_requests_raw_tables_every_model_and_publish_in_one_tick(
    definitions, tmp_path
):
    graph = definitions.resolve_asset_graph()
    build = set(definitions.resolve_job_def("build_warehouse").asset_layer.selected_asset_keys)
    instance = dg.DagsterInstance.ephemeral()

    # switching the sensor on starts nothing
    tick = dg.evaluate_automation_conditions(defs=definitions, instance=instance)
    assert tick.total_requested == 0

    # the job sync_ctgov materializes the mirror, against a local API v2
    with serve(FakeCtgov(load_studies())) as url:
        ctgov = {"api_url": url, "mirror_path": str(tmp_path / "mirror.duckdb")}
        sync = definitions.resolve_job_def("sync_ctgov").execute_in_process(
            instance=instance, run_config={"resources": {"ctgov": {"config": ctgov}}}
        )
    assert sync.success
    tick = dg.evaluate_automation_conditions(
        defs=definitions, instance=instance, cursor=tick.cursor
    )
    # raw tables, every dbt model and warehouse/live together, and every dbt test with its model
    assert {key for key in requested(tick) if isinstance(key, dg.AssetKey)} == build
    checks = graph.get_check_keys_for_assets(build)
    assert len(checks) == 74  # 67 dbt data tests of an AACT build and 7 source checks
    assert {STUDIES, dg.AssetKey(["warehouse", "live"])} < build
    assert dg.AssetKey(["marts", "fct_drug_disease_associations"]) in build
    # what the daemon launches from this tick: one run, with every check of those assets
    (run,) = build_run_requests(
        tick._requested_subsets, graph, AUTOMATION_RUN_TAGS, emit_backfills=True
    )
    assert set(run.asset_selection) == build
    assert set(run.asset_check_keys) == checks  # a dbt test left out would not run
    assert run.tags == {"ctw/trigger": "ctgov_mirror_synced"}

    # nothing changed: nothing requested
    tick = dg.evaluate_automation_conditions(
        defs=definitions, instance=instance, cursor=tick.cursor
    )
    assert tick.total_requested == 0

    # the mirror, then the raw tables updated, as a run of sync_ctgov_and_build (the weekday
    # refresh) updates them: no second build
    raw = sorted(graph.get(STUDIES).execution_set_asset_keys)
    for key in [MIRROR, *raw]:
        instance.report_runless_asset_event(dg.AssetMaterialization(key))
    tick = dg.evaluate_automation_conditions(
        defs=definitions, instance=instance, cursor=tick.cursor
    )
    assert tick.total_requested == 0

    # a build that stopped after its raw tables never leads to a dbt-only run (it would fail:
    # the models belong to the run that opened the build)
    for key in raw:
        instance.report_runless_asset_event(dg.AssetMaterialization(key))
    tick = dg.evaluate_automation_conditions(
        defs=definitions, instance=instance, cursor=tick.cursor
    )
    assert tick.total_requested == 0


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
    assert record["error"] == f"raw tables: {export}: required AACT table(s) studies not found"
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
    assert set(schedules) == {"ctgov_weekday_refresh", "aact_monthly_reload", "vocab_monthly_fetch"}
    assert set(sensors) == {
        "aact_inbox",
        "default_automation_condition_sensor",
        "record_run_failures",
    }
    monthly = schedules["aact_monthly_reload"]
    assert monthly.job_name == "build_warehouse"
    assert monthly.cron_schedule == "0 3 1 * *"
    assert monthly.execution_timezone == "America/New_York"
    assert sensors["aact_inbox"].job_name == "build_warehouse"
    automation = sensors["default_automation_condition_sensor"]
    assert isinstance(automation, dg.AutomationConditionSensorDefinition)
    assert automation.run_tags == AUTOMATION_RUN_TAGS
    assert automation.asset_selection.resolve(definitions.resolve_asset_graph()) >= set(
        definitions.resolve_job_def("build_warehouse").asset_layer.selected_asset_keys
    )
    assert sensors["record_run_failures"].default_status == dg.DefaultSensorStatus.RUNNING
    # runs the automation sensor launches execute in one process, like the jobs
    assert repo.get_implicit_global_asset_job_def().executor_def.name == "in_process"
