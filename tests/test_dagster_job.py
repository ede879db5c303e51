"""The `build_warehouse` job as the UI and schedules run it: the same loaders, checks and
publish as the CLI, as Dagster assets and blocking checks."""

import shutil

import dagster as dg
import pytest

from tests.conftest import EXPECTED_DRUG_DISEASE_PAIRS
from tests.helpers import duckdb_query


@pytest.fixture
def job_env(tmp_path, monkeypatch):
    live = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("CTW_TARGET", "duckdb")
    monkeypatch.setenv("CTW_DUCKDB_PATH", str(live))
    return live


def run_job(tmp_path):
    from orchestration.definitions import defs

    job = defs().resolve_job_def("build_warehouse")
    (tmp_path / "home").mkdir(exist_ok=True)
    with dg.instance_for_test(temp_dir=str(tmp_path / "home")) as instance:
        return job.execute_in_process(instance=instance, raise_on_error=False)


def test_the_job_publishes_a_checked_build_and_a_blocking_check_stops_the_next(
    job_env, tmp_path, sample_dir, monkeypatch
):
    result = run_job(tmp_path)
    assert result.success
    query = duckdb_query(job_env)
    assert query("select count(*) from marts.fct_drug_disease_associations") == [
        (EXPECTED_DRUG_DISEASE_PAIRS,)
    ]
    live_key = dg.AssetKey(["warehouse", "live"])
    published = result.asset_materializations_for_node("publish_warehouse")
    assert [m.asset_key for m in published] == [live_key]
    build_id = published[0].metadata["build_id"].value
    assert query("select distinct build_id from raw_aact._loads") == [(build_id,)]
    # every asset's materialization carries its row count
    counts = {
        m.asset_key.to_user_string(): m.metadata["dagster/row_count"].value
        for m in result.get_asset_materialization_events()
        for m in [m.materialization]
    }
    assert counts["aact/studies"] == 24 and counts["staging/stg_aact__studies"] == 24
    assert counts["marts/fct_drug_disease_associations"] == EXPECTED_DRUG_DISEASE_PAIRS
    assert counts["warehouse/live"] == 24
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["studies_not_empty"] and checks["studies_count_within_drop_limit"]
    assert all(checks.values()) and len(checks) > 50  # every dbt test ran as a check

    emptied = tmp_path / "emptied"
    shutil.copytree(sample_dir, emptied)
    for file in emptied.glob("*.txt"):
        file.write_text(file.read_text(encoding="utf-8").splitlines()[0] + "\n")
    monkeypatch.setenv("CTW_AACT_FLATFILES", str(emptied))
    failed = run_job(tmp_path)
    assert not failed.success
    evaluations = {e.check_name: e for e in failed.get_asset_check_evaluations()}
    assert not evaluations["studies_not_empty"].passed
    assert (
        "the studies table has no rows" in evaluations["studies_not_empty"].metadata["reason"].value
    )
    assert failed.asset_materializations_for_node("publish_warehouse") == []
    # the live warehouse is the first build, untouched
    assert query("select distinct build_id from raw_aact._loads") == [(build_id,)]
    assert query("select count(*) from marts.fct_drug_disease_associations") == [
        (EXPECTED_DRUG_DISEASE_PAIRS,)
    ]
