"""Builds are written beside the live warehouse, published in one step, kept for rollback, and
never run two at a time; on a DuckDB file and on PostgreSQL schemas."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from concurrent.futures import ThreadPoolExecutor

import duckdb
import psycopg
import pytest
from psycopg import sql

from orchestration.warehouse.builds import WarehouseStateError, new_build_id
from orchestration.warehouse.changes import MART_ROWS_TABLE, live_recorded_mart_rows
from orchestration.warehouse.duckdb_store import DuckDBStore
from orchestration.warehouse.lock import BuildInProgress
from orchestration.warehouse.postgres_store import PostgresStore

LOG = (
    "create table {raw}._loads (build_id varchar, loaded_at timestamp, source varchar, "
    "export_date date, table_name varchar, row_count bigint, present_in_source boolean, "
    "seconds double precision)"
)


def fake_build(store, number: int) -> str:
    """A tiny complete build: raw studies and a mart whose rows all carry the build number."""
    build_id = new_build_id(f"{number:06d}")
    store.begin(build_id)
    raw = store.slot_schema
    marts = "marts" + ("__building" if store.target == "postgres" else "")
    with store.connect_slot() as con:
        con.execute(LOG.format(raw=raw))
        con.execute(
            f"insert into {raw}._loads values ('{build_id}', now(), 'test', null, 'studies', "
            f"{number}, true, 0)"
        )
        con.execute(f"create table {raw}.studies (nct_id varchar)")
        con.execute(f"create schema {marts}")
        con.execute(f"create table {marts}.fct (build integer)")
        con.execute(f"insert into {marts}.fct select {number} from generate_series(1, 100)")
    return build_id


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    if request.param == "duckdb":
        yield DuckDBStore(tmp_path / "warehouse.duckdb", keep=2)
        return
    database = request.getfixturevalue("pg_database")
    yield PostgresStore(
        database["conninfo"],
        database["dbname"],
        dbt_schemas=("marts",),
        keep=2,
        scratch_dir=tmp_path / "scratch",
    )


def live_marts(store) -> list[tuple]:
    return store.query("select min(build), max(build), count(*) from marts.fct")


def test_a_rollback_names_the_mart_rows_its_build_recorded_else_counts_them(store):
    """The rows a build recorded before publish (`_mart_rows`) are what a rollback reports; a
    build without that record has its marts counted."""
    unrecorded = fake_build(store, 1)
    store.publish(unrecorded)
    assert live_recorded_mart_rows(store, unrecorded) == {"fct": 100}  # counted
    recorded = fake_build(store, 2)
    with store.connect_slot() as con:
        con.execute(
            f"create table {store.slot_schema}.{MART_ROWS_TABLE} (build_id varchar, mart varchar, "
            "row_count bigint, previous_row_count bigint)"
        )
        con.execute(
            f"insert into {store.slot_schema}.{MART_ROWS_TABLE} values "
            f"('{unrecorded}', 'fct', 100, null), ('{recorded}', 'fct', 7, 100), "
            f"('{recorded}', 'gone', null, 3)"
        )
    store.publish(recorded)
    # what the build recorded, not a count (the mart holds 100 rows), and no removed mart
    assert live_recorded_mart_rows(store, recorded) == {"fct": 7}


def test_publish_keeps_previous_builds_and_rollback_switches_back(store):
    ids = []
    for number in range(1, 5):
        ids.append(fake_build(store, number))
        store.publish(ids[-1])
        assert live_marts(store) == [(number, number, 100)]
    builds = store.builds()
    assert [(b.build_id, b.state) for b in builds] == [
        (ids[3], "live"),
        (ids[2], "kept"),
        (ids[1], "kept"),  # keep=2: the oldest build is gone
    ]
    assert builds[0].studies == 4 and builds[0].source == "test"
    assert store.live_build() == builds[0]
    if store.target == "duckdb":  # kept builds listed from their records, not their files
        records = sorted(store.kept_dir.glob("*/build.json"))
        assert [r.parent.name for r in records] == [ids[1], ids[2]]
        kept_folder = records[0].parent.stat()
        records[0].unlink()  # kept by an older version: read from its file
        os.utime(records[0].parent, ns=(kept_folder.st_atime_ns, kept_folder.st_mtime_ns))
        assert store.builds() == builds

    assert store.rollback().build_id == ids[2]
    assert live_marts(store) == [(3, 3, 100)]
    assert [b.build_id for b in store.builds()] == [ids[2], ids[3], ids[1]]
    assert store.rollback(ids[3]).build_id == ids[3]  # a rollback can be undone
    assert live_marts(store) == [(4, 4, 100)]
    with pytest.raises(WarehouseStateError, match="no kept build 'nope'; kept builds: "):
        store.rollback("nope")
    with pytest.raises(WarehouseStateError, match=f"build {ids[3]} is already the live build"):
        store.rollback(ids[3])


def test_live_reads_share_one_open_and_see_the_next_published_build(store):
    """Reads batched in `reading_live()` (a build's checks and change record) read the live
    build; once the batch ends, a publish replaces it and reads see the new one, not a stale
    open database."""
    first = fake_build(store, 1)
    store.publish(first)
    second = fake_build(store, 2)
    with store.reading_live():
        assert store.live_build().build_id == first
        assert live_marts(store) == [(1, 1, 100)]
        assert store.live_study_count() == 0  # its raw studies table is empty
        if store.target == "duckdb":  # the build's file, attaching the live one held open
            query = "select (select max(build) from marts.fct), max(build) from live.marts.fct"
            assert store.run_in_slot([], query) == [(2, 1)]
    store.publish(second)
    assert store.live_build().build_id == second
    assert live_marts(store) == [(2, 2, 100)]
    with store.reading_live():
        assert live_marts(store) == [(2, 2, 100)]


def test_kept_builds_go_by_when_they_were_last_live_not_by_their_id(store):
    """A build rolled back to, then replaced, is the one a plain rollback returns to and the
    last a publish prunes; the build rolled away from goes first."""
    first = fake_build(store, 1)
    store.publish(first)
    second = fake_build(store, 2)
    store.publish(second)
    store.rollback()  # the second was wrong: the first is live again
    assert [b.build_id for b in store.builds()] == [first, second]
    third = fake_build(store, 3)
    store.publish(third)
    assert [b.build_id for b in store.builds()] == [third, first, second]
    fourth = fake_build(store, 4)
    store.publish(fourth)  # keep=2: the build rolled away from is pruned, not the first
    assert [b.build_id for b in store.builds()] == [fourth, third, first]
    store.rollback()
    assert live_marts(store) == [(3, 3, 100)]


def test_a_build_that_is_not_published_leaves_the_live_warehouse_alone(store):
    first = fake_build(store, 1)
    store.publish(first)
    second = fake_build(store, 2)
    assert live_marts(store) == [(1, 1, 100)]  # written beside the live warehouse
    store.discard()
    assert live_marts(store) == [(1, 1, 100)]
    with pytest.raises(WarehouseStateError, match=f"no finished build {second}"):
        store.publish(second)
    assert [b.build_id for b in store.builds()] == [first]
    store.lock().release()


def test_a_second_build_stops_at_once_naming_the_first(store):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from orchestration.warehouse.duckdb_store import DuckDBStore
                from orchestration.warehouse.postgres_store import PostgresStore
                store = {_constructor(store)}
                store.lock().acquire()
                print("locked", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(BuildInProgress) as info:
            store.lock().acquire()
        assert f"a build of this warehouse is running (pid {holder.pid}, started 20" in str(
            info.value
        )
        assert "./warehouse build --wait" in str(info.value)
    finally:
        holder.kill()
        holder.wait()
    store.lock().acquire()  # the holder's end released it
    store.lock().release()


def _constructor(store) -> str:
    if store.target == "duckdb":
        return f"DuckDBStore({str(store.live)!r})"
    return f"PostgresStore({store.conninfo!r}, {store.database!r}, scratch_dir='/tmp')"


def test_duckdb_views_keep_working_after_the_file_is_swapped_in(tmp_path):
    """dbt writes the catalog name (the file's stem) into views: the build file has the live
    file's name, so views still resolve once it is live."""
    store = DuckDBStore(tmp_path / "warehouse.duckdb")
    build_id = fake_build(store, 7)
    with store.connect_slot() as con:
        con.execute("create view marts.v as select * from warehouse.marts.fct")
    store.publish(build_id)
    assert store.query("select count(*) from marts.v") == [(100,)]
    with duckdb.connect(str(store.live), read_only=True) as con:
        assert con.execute("select current_database()").fetchone() == ("warehouse",)


@pytest.mark.postgres
def test_postgres_views_follow_their_tables_through_schema_renames(pg_database, tmp_path):
    store = PostgresStore(
        pg_database["conninfo"], pg_database["dbname"], scratch_dir=tmp_path / "s"
    )
    build_id = fake_build(store, 5)
    with psycopg.connect(pg_database["conninfo"]) as conn:
        conn.execute("create schema staging__building")
        conn.execute(
            "create view staging__building.v as "
            "select count(*) as n from raw_aact__building.studies"
        )
        conn.execute("create schema intermediate__building")
    store.publish(build_id)
    assert store.query("select n from staging.v") == [(0,)]
    assert store.query("select max(build) from marts.fct") == [(5,)]


def as_role(conninfo: str, role: str, statement: str):
    """`statement` run as `role` (SET ROLE, as a login user granted the role would run it)."""
    with psycopg.connect(conninfo) as conn:
        conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
        return conn.execute(statement).fetchall()


@pytest.fixture
def fresh_role(pg_database):
    """A reader role name no other test uses; dropped afterwards (roles are cluster-wide)."""
    role = f"ctw_reader_{uuid.uuid4().hex[:10]}"
    yield role
    with psycopg.connect(pg_database["conninfo"], autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone()
        if exists:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@pytest.mark.postgres
def test_postgres_reader_role_reads_only_the_live_marts_through_publish_and_rollback(
    pg_database, fresh_role, tmp_path
):
    conninfo = pg_database["conninfo"]
    stores = [
        PostgresStore(
            conninfo,
            pg_database["dbname"],
            dbt_schemas=("staging", "marts"),
            keep=2,
            reader_role=fresh_role,
            scratch_dir=tmp_path / f"s{n}",
        )
        for n in range(4)
    ]
    # Roles are cluster-wide: builds of several databases may create the role at once.
    with ThreadPoolExecutor(len(stores)) as pool:
        list(pool.map(lambda store: store.ensure_reader_role(), stores))
    with psycopg.connect(conninfo) as conn:
        assert conn.execute(
            "select rolcanlogin, rolsuper, rolcreatedb, rolcreaterole from pg_roles "
            "where rolname = %s",
            (fresh_role,),
        ).fetchall() == [(False, False, False, False)]

    store = stores[0]

    def read(statement: str):
        return as_role(conninfo, fresh_role, statement)

    def denied(statement: str, what: str) -> None:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"permission denied {what}"):
            read(statement)

    first = fake_build(store, 1)
    store.publish(first)
    assert read("select max(build), count(*) from marts.fct") == [(1, 100)]
    second = fake_build(store, 2)
    denied("select count(*) from marts__building.fct", "for schema marts__building")
    store.publish(second)
    assert read("select max(build), count(*) from marts.fct") == [(2, 100)]
    denied(f"select count(*) from marts__kept_{first}.fct", f"for schema marts__kept_{first}")
    denied("select count(*) from raw_aact.studies", "for schema raw_aact")
    denied("insert into marts.fct values (9)", "for table fct")
    denied("create table marts.mine (x int)", "for schema marts")

    assert store.rollback().build_id == first
    assert read("select max(build), count(*) from marts.fct") == [(1, 100)]
    denied(f"select count(*) from marts__kept_{second}.fct", f"for schema marts__kept_{second}")
    assert store.rollback(second).build_id == second
    assert read("select max(build), count(*) from marts.fct") == [(2, 100)]


@pytest.mark.postgres
def test_a_user_who_may_not_create_the_reader_role_is_told_what_an_admin_runs(
    pg_database, fresh_role, tmp_path
):
    user = f"ctw_builder_{uuid.uuid4().hex[:10]}"  # may log in, may not create roles
    with psycopg.connect(pg_database["conninfo"], autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(user)))
    try:
        store = PostgresStore(
            f"{pg_database['conninfo']} user={user}",
            pg_database["dbname"],
            reader_role=fresh_role,
            scratch_dir=tmp_path / "s",
        )
        with pytest.raises(WarehouseStateError) as info:
            store.begin(new_build_id("000001"))
        assert f"the reader role '{fresh_role}' does not exist and this user may not create" in (
            str(info.value)
        )
        assert f'ask an admin to run CREATE ROLE "{fresh_role}" NOLOGIN' in str(info.value)
        store.lock().acquire()  # the failed begin did not keep the build lock
        store.lock().release()
    finally:
        with psycopg.connect(pg_database["conninfo"], autocommit=True) as admin:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(user)))


@pytest.mark.parametrize(("disabled", "fsst_segments"), [("fsst", False), ("none", True)])
def test_duckdb_builds_write_text_without_the_compression_methods_left_out(
    tmp_path, disabled, fsst_segments
):
    """CTW_DUCKDB_DISABLED_COMPRESSION reaches what the build writes (DuckDB ignores it as an
    open-time option: the store sets it on each connection)."""
    store = DuckDBStore(tmp_path / "warehouse.duckdb", disabled_compression=disabled)
    store.lock().acquire()
    store.begin("20261203_120000_abcdef")
    with store.connect_slot() as con:
        con.execute(
            "create table raw_aact.texts as select 'an eligibility criterion, number ' "
            "|| (i % 50000) || ', of a trial of some drug' as criterion from range(400000) r(i)"
        )
        con.execute("checkpoint")
        methods = {
            r[0]
            for r in con.execute(
                "select distinct compression from pragma_storage_info('raw_aact.texts')"
            ).fetchall()
        }
    store.discard()
    store.lock().release()
    assert ("FSST" in methods) == fsst_segments, methods
