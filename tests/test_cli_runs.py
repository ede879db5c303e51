"""A CLI build is a run of the `build_warehouse` job in the project's Dagster instance: the UI
shows it with its materializations and check results; a rollback is a materialization of
`warehouse/live`."""

import json
import re

import dagster as dg

from tests.conftest import EXPECTED_DRUG_DISEASE_PAIRS
from tests.helpers import run_cli

LIVE = dg.AssetKey(["warehouse", "live"])


def _published_build_id(stdout: str) -> str:
    return re.search(r"Published build (\S+) from", stdout).group(1)


def test_a_cli_build_is_a_run_with_its_materializations_and_checks(built_sample, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(built_sample.home))  # names the run history's files
    instance = dg.DagsterInstance.from_config(str(built_sample.home))
    runs = instance.get_runs()
    assert [run.job_name for run in runs] == ["build_warehouse"]
    run = runs[0]
    assert run.status == dg.DagsterRunStatus.SUCCESS
    assert run.tags["ctwarehouse/launched_by"] == "cli"
    # named as a run the UI launches names its job (the UI re-executes a run by its origin)
    origin = run.remote_job_origin
    assert (origin.location_name, origin.repository_origin.repository_name) == (
        "ctwarehouse",  # workspace.yaml's location_name
        "__repository__",
    )
    assert origin.job_name == "build_warehouse"

    live = instance.get_latest_materialization_event(LIVE)
    assert live.run_id == run.run_id
    metadata = live.asset_materialization.metadata
    assert metadata["build_id"].value == _published_build_id(built_sample.result.stdout)
    assert metadata["dagster/row_count"].value == 41  # the sample's studies

    pairs = instance.get_latest_materialization_event(
        dg.AssetKey(["marts", "fct_drug_disease_associations"])
    )
    assert pairs.run_id == run.run_id
    row_count = pairs.asset_materialization.metadata["dagster/row_count"].value
    assert row_count == EXPECTED_DRUG_DISEASE_PAIRS
    studies = instance.get_latest_materialization_event(dg.AssetKey(["aact", "studies"]))
    assert studies.asset_materialization.metadata["dagster/row_count"].value == 41

    checks = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    by_name = {
        entry.dagster_event.event_specific_data.check_name: entry.dagster_event.event_specific_data
        for entry in checks
    }
    by_asset = {
        (data.asset_key.to_user_string(), data.check_name): data
        for data in (entry.dagster_event.event_specific_data for entry in checks)
    }
    assert by_asset[("staging/stg_aact__studies", "table_keys")].passed
    assert by_name["studies_not_empty"].passed
    assert not by_name["source_is_current"].passed  # the sample is years old: a warning
    assert len(by_asset) == 74  # every dbt data test of the build, and the source checks


def test_a_rollback_is_recorded_as_a_materialization_of_the_live_warehouse(
    built_sample, monkeypatch
):
    monkeypatch.setenv("DAGSTER_HOME", str(built_sample.home))  # names the run history's files
    env = {"CTW_TARGET": "duckdb", "CTW_DUCKDB_PATH": str(built_sample.live)}
    first = _published_build_id(built_sample.result.stdout)
    report = built_sample.home / "report.json"
    second = run_cli("build", "--report-json", str(report), env=env, dagster_home=built_sample.home)
    assert second.returncode == 0, second.stderr[-3000:]
    assert _published_build_id(second.stdout) != first
    # the benchmark's report: each dbt model's and test's own time, named by model
    timed = json.loads(report.read_text())
    assert timed["build_id"] == _published_build_id(second.stdout)
    assert len(timed["dbt_model_seconds"]) == 79 and len(timed["dbt_test_seconds"]) == 67
    assert "stg_aact__studies: table_keys" in timed["dbt_test_seconds"]
    assert list(timed["dbt_test_seconds"].values()) == sorted(
        timed["dbt_test_seconds"].values(), reverse=True
    )

    back = run_cli("rollback", first, env=env, dagster_home=built_sample.home)
    assert back.returncode == 0, back.stderr[-2000:]
    instance = dg.DagsterInstance.from_config(str(built_sample.home))
    assert len(instance.get_runs()) == 2
    live = instance.get_latest_materialization_event(LIVE)
    assert live.run_id == ""  # reported by the CLI, outside a run
    metadata = live.asset_materialization.metadata
    assert metadata["build_id"].value == first and metadata["rollback"].value is True
    # every mart's latest materialization names the build live again, with its row count
    trials = instance.get_latest_materialization_event(dg.AssetKey(["marts", "dim_trials"]))
    assert trials.run_id == ""
    mart = trials.asset_materialization.metadata
    assert mart["build_id"].value == first and mart["rollback"].value is True
    assert mart["dagster/row_count"].value == 41  # the sample's studies
