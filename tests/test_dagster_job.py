"""The `build_warehouse` job as the UI and schedules run it: the same loaders, checks and
publish as the CLI, as Dagster assets and blocking checks."""

import re
import shutil

import dagster as dg
import pytest

from fakes.ctgov_server import FakeCtgov, load_legacy, load_studies, serve
from tests.conftest import EXPECTED_DRUG_DISEASE_PAIRS
from tests.helpers import duckdb_query


@pytest.fixture
def job_env(tmp_path, monkeypatch):
    live = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("CTW_TARGET", "duckdb")
    monkeypatch.setenv("CTW_DUCKDB_PATH", str(live))
    return live


@pytest.fixture
def instance(tmp_path):
    """One instance for the test's runs (a run reads what earlier runs materialized), with its
    run history in memory: a persistent instance writes ~4,000 events per build to SQLite, the
    larger part of a run's time on a busy disk. Artifacts (dbt's) go under tmp_path/home."""
    (tmp_path / "home").mkdir()
    with dg.DagsterInstance.ephemeral(tempdir=str(tmp_path / "home")) as instance:
        yield instance


def run_job(instance, name: str = "build_warehouse", run_config: dict | None = None):
    from orchestration.definitions import defs

    job = defs().resolve_job_def(name)
    return job.execute_in_process(instance=instance, raise_on_error=False, run_config=run_config)


def test_the_job_publishes_a_checked_build_and_a_blocking_check_stops_the_next(
    job_env, instance, tmp_path, sample_dir, monkeypatch
):
    monkeypatch.setenv("CTW_PROGRESS_SECONDS", "0")  # every progress line into the event log
    result = run_job(instance)
    assert result.success
    # the long steps' counts reach the event log: dbt's nodes done out of the total, each load
    logged = [entry.user_message for entry in instance.all_logs(result.run_id)]
    dbt_lines = [m for m in logged if re.match(r"dbt: \d+(/\d+)? nodes", m)]
    total = int(re.match(r"dbt: \d+/(\d+) nodes", dbt_lines[0]).group(1))
    assert total == 146 and dbt_lines[-1].startswith(f"dbt: {total} nodes in ")
    assert any(
        m.startswith("load aact: ") and m.endswith("; 23 tables, 3,098 rows") for m in logged
    )
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
    assert counts["aact/studies"] == 41 and counts["staging/stg_aact__studies"] == 41
    assert counts["marts/fct_drug_disease_associations"] == EXPECTED_DRUG_DISEASE_PAIRS
    assert counts["warehouse/live"] == 41
    evaluations = result.get_asset_check_evaluations()
    checks = {e.check_name: e for e in evaluations}
    # the bundled sample's data is years old: a warning, shown, and the build still published
    stale = checks.pop("source_is_current")
    assert not stale.passed and stale.severity == dg.AssetCheckSeverity.WARN
    assert "aact data with updates to 2023-12-14 is" in stale.metadata["reason"].value
    # the sample is a 2022 export: columns AACT added since load as NULL, named in a warning
    drift = checks.pop("aact_columns_match_ddl")
    assert not drift.passed and drift.severity == dg.AssetCheckSeverity.WARN
    assert drift.metadata["studies.txt"].value.startswith(
        "studies.txt: 7 columns of the DDL missing, loaded as NULL: source_class, "
    )
    assert checks["studies_not_empty"].passed and checks["source_not_older_than_live"].passed
    # every check passed but those two warnings: the 66 dbt tests (one `table_keys` on each of
    # many assets) and the Python checks, each evaluated once
    others = [
        e
        for e in evaluations
        if e.check_name not in ("source_is_current", "aact_columns_match_ddl")
    ]
    assert all(e.passed for e in others) and len(others) == len(evaluations) - 2
    assert sum(e.check_name == "table_keys" for e in evaluations) == 40  # 23 AACT, 17 others
    assert len({(e.asset_key, e.check_name) for e in evaluations}) == len(evaluations) > 55
    # what changed: the first build added every study
    assert published[0].metadata["studies_added"].value == 41
    assert published[0].metadata["studies_removed"].value == 0

    emptied = tmp_path / "emptied"
    shutil.copytree(sample_dir, emptied)
    for file in emptied.glob("*.txt"):
        file.write_text(file.read_text(encoding="utf-8").splitlines()[0] + "\n")
    monkeypatch.setenv("CTW_AACT_FLATFILES", str(emptied))
    failed = run_job(instance)
    assert not failed.success
    evaluations = {e.check_name: e for e in failed.get_asset_check_evaluations()}
    assert not evaluations["studies_not_empty"].passed
    assert (
        "the studies table has no rows" in evaluations["studies_not_empty"].metadata["reason"].value
    )
    assert failed.asset_materializations_for_node("publish_warehouse") == []
    # the failed run's build slot is discarded by the job's failure hook, as any run's is
    from orchestration.warehouse.duckdb_store import DuckDBStore

    assert DuckDBStore(str(job_env)).slot_build_id() is None
    failed_logs = [entry.user_message for entry in instance.all_logs(failed.run_id)]
    assert any("its slot discarded" in m for m in failed_logs), failed_logs[-5:]
    # the live warehouse is the first build, untouched
    assert query("select distinct build_id from raw_aact._loads") == [(build_id,)]
    assert query("select count(*) from marts.fct_drug_disease_associations") == [
        (EXPECTED_DRUG_DISEASE_PAIRS,)
    ]


def test_the_weekday_refresh_syncs_then_builds_and_a_failing_check_names_refused_records(
    job_env, instance, tmp_path, monkeypatch
):
    """`sync_ctgov_and_build` (the weekday schedule's job) against a local API whose page holds
    a record of the retired classic API among 13 real v2 studies."""
    fake = FakeCtgov([*load_studies(), load_legacy("NCT04780763.json")])
    monkeypatch.setenv("CTW_SOURCES", "ctgov")
    monkeypatch.setenv("CTW_CTGOV_MIRROR", str(tmp_path / "mirror.duckdb"))
    with serve(fake) as url:
        monkeypatch.setenv("CTW_CTGOV_API_URL", url)
        result = run_job(instance, "sync_ctgov_and_build")
        assert result.success
        checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
        refused = checks["records_are_api_v2_studies"]
        assert not refused.passed
        assert refused.metadata["rejected"].value == 1
        assert "record NCT04780763 at position 1.14" in refused.metadata["first"].value
        assert not checks["ctgov_records_flattened"].passed  # the build names it too
        assert checks["studies_not_empty"].passed
        query = duckdb_query(job_env)
        assert query("select count(*) from raw_ctgov.studies") == [(13,)]
        assert query("select count(*) from raw_aact.studies") == [(0,)]
        assert query("select record, reason like '%retired classic%' from raw_ctgov._rejects") == [
            ("sync record 1.14", True)
        ]
        assert (
            query(
                "select count(*) from marts.fct_drug_disease_associations "
                "where nct_ids = 'NCT04523987'"
            )[0][0]
            > 0
        )

        again = run_job(instance, "sync_ctgov_and_build")  # incremental; nothing changed
        assert again.success
        (mirror,) = [
            e.materialization.metadata
            for e in again.get_asset_materialization_events()
            if e.asset_key == dg.AssetKey(["ctgov", "mirror"])
        ]
        assert mirror["mode"].value == "incremental"
        assert mirror["dagster/row_count"].value == 13
        assert query("select count(*) from raw_ctgov.studies") == [(13,)]

        # a selection typed in the launchpad: synced, then built in the same run
        monkeypatch.setenv("CTW_MAX_STUDY_DROP", "100%")  # 13 studies -> 2 is a narrower choice
        chosen = {"params": "query.id=NCT04523987,NCT00465816"}
        narrowed = run_job(
            instance, "sync_ctgov_and_build", {"ops": {"ctgov__mirror": {"config": chosen}}}
        )
        assert narrowed.success
        assert query("select nct_id from raw_ctgov.studies order by 1") == [
            ("NCT00465816",),
            ("NCT04523987",),
        ]
