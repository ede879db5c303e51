"""Nothing lost to a crash or a pasted query, on PostgreSQL: a killed build's queries do not block
the next build, a build never waits silently on a lock, and `./warehouse sql` cannot change
anything, whatever the text it is given."""

from __future__ import annotations

import re
import signal
import time

import psycopg
import pytest

from orchestration.marts import MartError
from orchestration.marts import live_marts as open_live_marts
from orchestration.warehouse.lock import AdvisoryBuildLock
from orchestration.warehouse.postgres_store import PostgresStore
from orchestration.warehouse.sql_reader import (
    QueryRefused,
    read_only_query,
    read_only_query_batches,
)
from orchestration.warehouse.stores import WarehouseConfig
from tests.conftest import EXPECTED_DRUG_DISEASE_PAIRS
from tests.helpers import pg_env, run_cli, start_cli
from tests.test_warehouse_stores import fake_build

pytestmark = pytest.mark.postgres

PAIRS = "select count(*) from marts.fct_drug_disease_associations"
# Test-only, in the test's own database: every view or `create table … as` of a build's dbt
# session sleeps while public.slow_builds says so (a model that runs for minutes), and fails when
# the session has no lock_timeout. The product is unchanged.
SLOW_DBT = """
create table public.slow_builds (slow boolean not null);
insert into public.slow_builds values (true);
create function public.slow_dbt() returns event_trigger language plpgsql as $$
begin
  if current_setting('application_name') like 'ctwarehouse build % dbt' then
    if current_setting('lock_timeout') <> '10s' then
      raise exception 'dbt session without lock_timeout: %', current_setting('lock_timeout');
    end if;
    if (select slow from public.slow_builds) then
      perform pg_sleep(600);
    end if;
  end if;
end $$;
create event trigger slow_dbt on ddl_command_end when tag in ('CREATE VIEW', 'CREATE TABLE AS')
  execute function public.slow_dbt();
"""
SLEEPING_DBT = (
    "select pid, application_name from pg_stat_activity where datname = current_database() "
    "and wait_event = 'PgSleep' order by pid"
)


def test_a_build_killed_while_dbt_runs_does_not_block_the_next(tmp_path, pg_database):
    """`kill -9` while a model runs: its query goes on in the server holding its locks; the next
    build ends it, says so in one line, and publishes."""
    conninfo, env, home = pg_database["conninfo"], pg_env(pg_database["dbname"]), tmp_path / "h"
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute(SLOW_DBT)
    killed = start_cli("build", env=env, dagster_home=home)
    try:
        sleeping = []
        deadline = time.monotonic() + 120
        while not sleeping and time.monotonic() < deadline and killed.poll() is None:
            time.sleep(0.2)
            with psycopg.connect(conninfo) as conn:
                sleeping = conn.execute(SLEEPING_DBT).fetchall()
        assert sleeping, f"no dbt model started: {killed.poll()} {killed.stderr.read()[-2000:]}"
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
    pid, name = sleeping[0]
    found = re.fullmatch(r"ctwarehouse build (\d{8}_\d{6}_\w+) dbt", name)
    assert found, name  # dbt's threads carry the build id
    killed_id = found.group(1)
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute("update public.slow_builds set slow = false")
        time.sleep(1)  # the killed process's idle sessions end; its running query does not
        left = admin.execute(SLEEPING_DBT).fetchall()
    assert (pid, name) in left

    rebuilt = run_cli("build", env=env, dagster_home=home)
    assert rebuilt.returncode == 0, rebuilt.stdout[-2000:] + rebuilt.stderr[-3000:]
    note = re.search(
        rf"ended (\d) backend\(s\) left running by build {killed_id}, whose process is gone: "
        r"pid ([0-9, ()a-z]+)\n",
        rebuilt.stdout,
    )
    assert note, rebuilt.stdout[:3000]
    assert f"{pid} (dbt)" in note.group(2)
    assert int(note.group(1)) == len(left)
    assert "Published build" in rebuilt.stdout
    with psycopg.connect(conninfo) as conn:
        assert conn.execute(PAIRS).fetchone() == (EXPECTED_DRUG_DISEASE_PAIRS,)
        assert conn.execute(SLEEPING_DBT).fetchall() == []
        assert (
            conn.execute(
                "select nspname from pg_namespace where nspname like '%\\_\\_building'"
            ).fetchall()
            == []
        )


def test_a_build_waiting_for_a_lock_stops_and_names_who_holds_it(tmp_path, pg_database):
    """Another session holds a lock in a schema the build must drop: after CTW_PG_LOCK_TIMEOUT
    the build stops (it does not retry) with pid, application, query start and query; that
    session, not a build's, is left alone."""
    conninfo = pg_database["conninfo"]
    env = {**pg_env(pg_database["dbname"]), "CTW_PG_LOCK_TIMEOUT": "1s"}
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute("create schema raw_aact__building")
        admin.execute("create table raw_aact__building.studies (nct_id text)")
    with psycopg.connect(conninfo, application_name="someone's psql") as holder:
        holder.execute("select count(*) from raw_aact__building.studies")  # until rollback
        holder_pid = holder.info.backend_pid
        started = time.monotonic()
        built = run_cli("build", env=env, dagster_home=tmp_path / "h")
        assert time.monotonic() - started < 60
        assert built.returncode == 1
        lines = built.stderr.splitlines()
        assert lines[0] == "Build failed; no live warehouse was created."
        assert lines[1].startswith(
            "  dropping the __building schemas waited 1s (CTW_PG_LOCK_TIMEOUT) for a lock held "
            f'by pid {holder_pid} (application "someone\'s psql", idle in transaction, '
            "query started 20"
        ), built.stderr
        assert lines[1].endswith(
            "): select count(*) from raw_aact__building.studies. End that session (or let it "
            "finish), then build again"
        ), built.stderr
        assert holder.execute("select 1").fetchone() == (1,)  # not terminated


@pytest.fixture
def live_marts(tmp_path, pg_database, monkeypatch):
    """A published warehouse (a tiny fake build: raw_aact.studies, marts.fct) with the reader
    role and the sql login, and the settings that name it."""
    store = PostgresStore(
        pg_database["conninfo"],
        pg_database["dbname"],
        dbt_schemas=("marts",),
        scratch_dir=tmp_path / "scratch",
    )
    store.publish(fake_build(store, 4))
    store.lock().release()
    for key, value in pg_env(pg_database["dbname"]).items():
        monkeypatch.setenv(key, value)
    return WarehouseConfig.from_settings()


def test_sql_streams_a_large_result_and_writes_nothing_of_a_refused_one(live_marts):
    """Rows come from the server a batch at a time through a spool (memory holds a batch), in
    order; a statement refused by the session check after its rows were read yields none."""
    query = "select g, repeat('x', g % 7) as pad from generate_series(1, 25000) g order by g"
    with read_only_query_batches(live_marts, query, batch_rows=10_000) as (columns, batches):
        sizes, first_and_last = [], []
        for batch in batches:
            sizes.append(len(batch))
            first_and_last += [batch[0], batch[-1]]
    assert columns == ["g", "pad"]
    assert sizes == [10_000, 10_000, 5_000]
    assert first_and_last[0] == (1, "x") and first_and_last[-1] == (25_000, "xxx")
    assert read_only_query(live_marts, "select build from marts.fct where false") == (["build"], [])
    changing = "select set_config('role', 'none', false), g from generate_series(1, 25000) g"
    seen = []
    with pytest.raises(QueryRefused, match="refused: the statement changes the session"):
        with read_only_query_batches(live_marts, changing) as (_, batches):
            seen.extend(batches)
    assert seen == []


def test_sql_runs_one_query_as_the_reader(live_marts, pg_database, tmp_path):
    assert read_only_query(live_marts, "select count(*), max(build) from marts.fct") == (
        ["count", "max"],
        [(100, 4)],
    )
    assert read_only_query(live_marts, "select 7 % 4 as m;") == (["m"], [(3,)])
    # an interval as PostgreSQL writes it, months kept (a timedelta would read 425 days)
    assert read_only_query(live_marts, "select interval '1 year 2 months' as i") == (
        ["i"],
        [("1 year 2 mons",)],
    )
    assert read_only_query(live_marts, "select current_user, session_user")[1] == [
        ("ctwarehouse_reader", "ctwarehouse_sql")
    ]
    printed = run_cli(
        "sql",
        "select build, count(*) as n from marts.fct group by build",
        env=pg_env(pg_database["dbname"]),
        dagster_home=tmp_path / "h",
    )
    assert (printed.returncode, printed.stdout) == (0, "build\tn\n4\t100\n"), printed.stderr


REFUSED = [
    ("commit; drop schema marts cascade", "refused: one statement per call"),
    ("reset role; drop schema marts cascade", "refused: one statement per call"),
    ("select 1; select 2", "refused: one statement per call"),
    ("drop schema marts cascade", "cannot execute DROP SCHEMA in a read-only transaction"),
    ("delete from marts.fct", "cannot execute DELETE in a read-only transaction"),
    ("set transaction read write", "transaction read-write mode must be set before any query"),
    ("reset role", "refused: RESET returns no rows"),
    ("commit", "refused: COMMIT returns no rows"),
    (
        "select set_config('default_transaction_read_only', 'off', false)",
        "refused: the statement changes the session (default_transaction_read_only=off)",
    ),
    (
        "select set_config('role', 'none', false), count(*) from marts.fct",
        "refused: the statement changes the session (role ctwarehouse_reader → ctwarehouse_sql)",
    ),
    ("select set_config('role', 'postgres', false)", 'permission denied to set role "postgres"'),
    (
        "select set_config('transaction_read_only', 'off', false)",
        "transaction read-write mode must be set before any query",
    ),
    (
        "select pg_terminate_backend(pid) from pg_stat_activity where usename = 'postgres'",
        "must be a superuser to terminate superuser process",
    ),
    ("select lo_import('/etc/hostname')", "permission denied for function lo_import"),
    ("copy (select 1) to program 'true'", "to COPY to or from an external program"),
    ("copy marts.fct to stdout", "refused: COPY is not a query; ./warehouse sql runs one query"),
    ("select count(*) from raw_aact.studies", "permission denied for schema raw_aact"),
]


@pytest.mark.parametrize(("statement", "message"), REFUSED, ids=[s for s, _ in REFUSED])
def test_sql_refuses_what_could_change_anything(live_marts, pg_database, statement, message):
    with psycopg.connect(pg_database["conninfo"], autocommit=True) as admin:
        admin.execute("select pg_sleep(0)")  # a superuser session for pg_terminate_backend
        with pytest.raises(QueryRefused) as refused:
            read_only_query(live_marts, statement)
        assert message in str(refused.value)
        assert "\n" not in str(refused.value)
        assert admin.execute("select count(*) from marts.fct").fetchone() == (100,)


def test_sql_refuses_dblink_and_a_privileged_login(live_marts, pg_database, tmp_path):
    with psycopg.connect(pg_database["conninfo"], autocommit=True) as admin:
        available = admin.execute(
            "select 1 from pg_available_extensions where name = 'dblink'"
        ).fetchone()
        if available:
            admin.execute("create extension dblink")
            with pytest.raises(QueryRefused, match="password is required"):
                read_only_query(
                    live_marts,
                    f"select dblink_exec('host=127.0.0.1 user=postgres dbname="
                    f"{pg_database['dbname']}', 'drop schema marts cascade')",
                )
        assert admin.execute("select count(*) from marts.fct").fetchone() == (100,)
    as_admin = WarehouseConfig(**{**vars(live_marts), "pg_sql_user": "postgres"})
    with pytest.raises(QueryRefused, match="CTW_PG_SQL_USER=postgres is a superuser"):
        read_only_query(as_admin, "select 1")
    failed = run_cli(
        "sql",
        "commit; drop schema marts cascade",
        env=pg_env(pg_database["dbname"]),
        dagster_home=tmp_path / "h",
    )
    assert failed.returncode == 1
    assert failed.stderr == (
        "warehouse: refused: one statement per call (the text holds several)\n"
    )


@pytest.mark.postgres
def test_a_build_lock_whose_session_the_server_ended_is_taken_anew(pg_database):
    """The advisory lock lives with its session: once the server ends that session (a restart,
    an administrator), a process that held it holds nothing and must not build on it."""
    lock = AdvisoryBuildLock(pg_database["conninfo"], pg_database["dbname"])
    lock.acquire()
    ended = lock.connection().info.backend_pid
    with psycopg.connect(pg_database["conninfo"], autocommit=True) as admin:
        assert admin.execute("select pg_terminate_backend(%s, 5000)", (ended,)).fetchone()[0]
    try:
        lock.acquire()
        session = lock.connection()
        assert session.info.backend_pid != ended
        assert session.execute(
            "select count(*) from pg_locks where locktype = 'advisory' and granted "
            "and pid = pg_backend_pid()"
        ).fetchone() == (1,)
    finally:
        lock.release()


def test_marts_read_in_one_block_never_come_from_a_build_published_meanwhile(
    live_marts, pg_database, tmp_path
):
    """A build published during a `live_marts()` block renames `marts`: the block's snapshot
    would read the new build's tables as empty. The read says so instead."""
    store = PostgresStore(
        pg_database["conninfo"],
        pg_database["dbname"],
        dbt_schemas=("marts",),
        scratch_dir=tmp_path / "scratch",
    )
    with open_live_marts(live_marts) as marts:
        assert marts.read("fct")["build"].to_list() == [4] * 100
        store.publish(fake_build(store, 5))
        store.lock().release()
        with pytest.raises(MartError) as info:
            marts.read("fct")
    assert "a newer build was published while these marts were read (fct and later" in str(
        info.value
    )
    with open_live_marts(live_marts) as marts:  # a new block reads the new build
        assert marts.read("fct")["build"].to_list() == [5] * 100


def test_a_kept_build_a_reader_holds_is_left_for_the_next_publish_with_a_warning(
    pg_database, tmp_path
):
    store = PostgresStore(
        pg_database["conninfo"],
        pg_database["dbname"],
        dbt_schemas=("marts",),
        keep=1,
        lock_timeout="1s",
        scratch_dir=tmp_path / "scratch",
    )
    first = fake_build(store, 1)
    store.publish(first)
    store.lock().release()
    store.publish(fake_build(store, 2))  # the first is kept
    store.lock().release()
    with psycopg.connect(pg_database["conninfo"], application_name="a notebook") as reader:
        reader.execute(f'select count(*) from "marts__kept_{first}".fct')  # held until rollback
        store.publish(fake_build(store, 3))
        store.lock().release()
    assert len(store.warnings) == 1
    assert store.warnings[0].startswith(f"dropping kept build {first} waited 1s")
    assert "a notebook" in store.warnings[0]
    assert store.warnings[0].endswith("(the next build drops it)")


def test_a_query_whose_sql_client_was_killed_stops_in_the_server(live_marts, pg_database, tmp_path):
    """`kill -9` of `./warehouse sql` (or its terminal closed): its query does not run on for
    minutes holding a snapshot and its locks."""
    client = start_cli(
        "sql", "select pg_sleep(120)", env=pg_env(pg_database["dbname"]), dagster_home=tmp_path
    )
    running = "select pid from pg_stat_activity where query = 'select pg_sleep(120)'"
    with psycopg.connect(pg_database["conninfo"], autocommit=True) as admin:
        deadline = time.monotonic() + 60
        while not admin.execute(running).fetchall() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert admin.execute(running).fetchall(), client.stderr.read()[-2000:]
        client.send_signal(signal.SIGKILL)
        client.wait()
        deadline = time.monotonic() + 15
        while admin.execute(running).fetchall() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert admin.execute(running).fetchall() == []
