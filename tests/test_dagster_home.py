"""The local Dagster instance every command uses: its dagster.yaml completed without touching
what a user set, and its SQLite event log keeping connections open while other processes (the
UI, the daemon) see the same history."""

from __future__ import annotations

import shutil
import time

import dagster as dg
import pytest
import yaml
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from orchestration.dagster_home import ensure_local_home
from orchestration.defs.run_storage import OPEN_RUN_FILES, PooledSqliteEventLogStorage
from orchestration.server.instance import DagsterDatabase, write_instance_config
from orchestration.server.storage import (
    EVENT_LOG_APPLICATION,
    RUN_STORAGE_APPLICATION,
    PooledPostgresEventLogStorage,
    PooledPostgresRunStorage,
)
from orchestration.settings import SettingsError
from tests.helpers import postgres_query


@pytest.fixture(autouse=True)
def _keep_dagster_home(monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)  # ensure_local_home sets it


def test_a_new_home_gets_the_defaults_once(tmp_path):
    home = ensure_local_home(tmp_path / "home")
    text = (home / "dagster.yaml").read_text()
    assert yaml.safe_load(text) == {
        "telemetry": {"enabled": False},
        "nux": {"enabled": False},
        "freshness": {"enabled": True},
        "event_log_storage": {
            "module": "orchestration.defs.run_storage",
            "class": "PooledSqliteEventLogStorage",
        },
    }
    ensure_local_home(home)
    assert (home / "dagster.yaml").read_text() == text


def test_a_users_keys_and_comments_stay_and_their_storage_wins(tmp_path):
    user = "# my instance\ntelemetry:\n  enabled: true\nstorage:\n  sqlite:\n    base_dir: x\n"
    (tmp_path / "dagster.yaml").write_text(user)
    ensure_local_home(tmp_path)
    text = (tmp_path / "dagster.yaml").read_text()
    assert text.startswith(user)
    config = yaml.safe_load(text)
    assert config["telemetry"] == {"enabled": True}
    assert config["nux"] == {"enabled": False} and config["freshness"] == {"enabled": True}
    assert "event_log_storage" not in config


def test_a_dagster_yaml_that_is_not_a_mapping_is_named(tmp_path):
    (tmp_path / "dagster.yaml").write_text("- a list\n")
    with pytest.raises(SettingsError) as error:
        ensure_local_home(tmp_path)
    assert str(error.value) == (
        f"{tmp_path.resolve()}/dagster.yaml: expected a mapping of settings, found list"
    )


@dg.asset
def upstream() -> int:
    return 1


@dg.asset(check_specs=[dg.AssetCheckSpec("positive", asset="downstream")])
def downstream(upstream: int):
    yield dg.Output(upstream + 1, metadata={"value": upstream + 1})
    yield dg.AssetCheckResult(passed=upstream + 1 > 0, check_name="positive")


def test_runs_through_the_pooled_event_log_are_seen_by_another_instance(tmp_path):
    home = ensure_local_home(tmp_path / "home")  # sets DAGSTER_HOME, which names the event log
    job = dg.Definitions(
        assets=[upstream, downstream], jobs=[dg.define_asset_job("both")]
    ).resolve_job_def("both")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, PooledSqliteEventLogStorage)
        run_ids = [
            job.execute_in_process(instance=instance).run_id for _ in range(OPEN_RUN_FILES + 2)
        ]
        # the index and the last few runs stay open, no more
        assert len(storage._engines) == OPEN_RUN_FILES + 1
        # another process's view: a new instance on the same files (as the UI would open it)
        with dg.DagsterInstance.from_config(str(home)) as reader:
            latest = reader.get_latest_materialization_event(dg.AssetKey("downstream"))
            assert latest.run_id == run_ids[-1]
            assert latest.asset_materialization.metadata["value"].value == 2
            evaluation = reader.event_log_storage.get_latest_asset_check_execution_by_key(
                [dg.AssetCheckKey(dg.AssetKey("downstream"), "positive")]
            )
            assert len(evaluation) == 1
            first_run = reader.all_logs(run_ids[0])  # a run file that was closed meanwhile
            assert any(r.dagster_event and r.dagster_event.is_step_success for r in first_run)
            assert len(reader.get_runs()) == OPEN_RUN_FILES + 2
    assert sorted(p.stem for p in (home / "history" / "runs").glob("*.db")) == sorted(
        [*run_ids, "index"]
    )


def test_the_event_log_reads_its_schema_once_per_process(tmp_path, monkeypatch):
    """Dagster asks for tables and columns of the index before each asset and check event; the
    pooled storage answers from what it found, and asks again only about an absence."""
    home = ensure_local_home(tmp_path / "home")
    looked = []
    real = SqliteEventLogStorage.has_table
    monkeypatch.setattr(
        SqliteEventLogStorage, "has_table", lambda self, t: looked.append(t) or real(self, t)
    )
    job = dg.Definitions(
        assets=[upstream, downstream], jobs=[dg.define_asset_job("both")]
    ).resolve_job_def("both")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for _ in range(3):
            assert job.execute_in_process(instance=instance).success
        assert looked and len(looked) == len(set(looked))  # each table looked up once
        storage = instance.event_log_storage
        assert storage.has_table("asset_check_executions") and not storage.has_table("nope")
        assert not storage.has_table("nope") and looked.count("nope") == 2
        checks = instance.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey("downstream"), "positive")]
        )
        assert len(checks) == 1  # check events still stored (the table was found)


def test_a_copied_home_keeps_its_own_history(tmp_path, monkeypatch):
    home = ensure_local_home(tmp_path / "home")
    job = dg.Definitions(assets=[upstream], jobs=[dg.define_asset_job("one")]).resolve_job_def(
        "one"
    )
    with dg.DagsterInstance.get() as instance:
        first = job.execute_in_process(instance=instance).run_id
    shutil.copytree(home, tmp_path / "copy")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "copy"))
    with dg.DagsterInstance.get() as copy:
        second = job.execute_in_process(instance=copy).run_id
        assert copy.get_latest_materialization_event(dg.AssetKey("upstream")).run_id == second
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as original:
        assert original.get_latest_materialization_event(dg.AssetKey("upstream")).run_id == first


@pytest.mark.postgres
def test_serves_postgres_storage_writes_runs_over_kept_connections(
    tmp_path, pg_database, monkeypatch
):
    """The instance `./warehouse serve` writes: runs and their events go over one kept
    connection each (run storage, event log), not one per call, and other instances read them."""
    monkeypatch.setenv("CTW_DAGSTER_PG_DATABASE", pg_database["dbname"])
    home = tmp_path / "home"
    home.mkdir()
    write_instance_config(home, DagsterDatabase.from_settings())
    query = postgres_query(pg_database["conninfo"])
    kept = (
        "select application_name, count(*) from pg_stat_activity "
        "where datname = current_database() and application_name like 'ctwarehouse dagster %' "
        "group by 1 order by 1"
    )
    sessions = "select sessions from pg_stat_database where datname = current_database()"
    job = dg.Definitions(
        assets=[upstream, downstream], jobs=[dg.define_asset_job("both")]
    ).resolve_job_def("both")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.event_log_storage, PooledPostgresEventLogStorage)
        assert isinstance(instance.run_storage, PooledPostgresRunStorage)
        job.execute_in_process(instance=instance)  # the kept connections are open from here on
        before = query(sessions)[0][0]
        runs = [job.execute_in_process(instance=instance) for _ in range(3)]
        assert all(run.success for run in runs)
        events = sum(len(instance.all_logs(run.run_id)) for run in runs)
        assert events >= 3 * 20
        assert query(kept) == [(EVENT_LOG_APPLICATION, 1), (RUN_STORAGE_APPLICATION, 1)]
        # new sessions: at most two a run, and the two of this test's queries (dagster-postgres's
        # own storage opens about 60 a run of this job)
        assert query(sessions)[0][0] - before <= 3 * 2 + 2
        with dg.DagsterInstance.from_config(str(home)) as reader:
            latest = reader.get_latest_materialization_event(dg.AssetKey("downstream"))
            assert latest.run_id == runs[-1].run_id
            assert latest.asset_materialization.metadata["value"].value == 2
            assert len(reader.get_runs()) == 4
    # closed with the instances (a closed session's backend leaves pg_stat_activity a moment
    # after its client hung up)
    deadline = time.monotonic() + 5
    while query(kept) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert query(kept) == []
