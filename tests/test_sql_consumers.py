"""SQL tools read the marts the way docs/sql-tools.md's recipes say: on PostgreSQL as a login
user granted the NOLOGIN role `ctwarehouse_reader` (SELECT on the live marts after every publish
and rollback, nothing else), on DuckDB through a read-only connection."""

from __future__ import annotations

import uuid

import duckdb
import psycopg
import pytest
from psycopg import sql

from orchestration.warehouse.duckdb_store import DuckDBStore
from tests.conftest import EXPECTED_DRUG_DISEASE_PAIRS
from tests.helpers import pg_conninfo, pg_env, run_cli
from tests.test_pipeline import without_study
from tests.test_warehouse_stores import fake_build

READER = "ctwarehouse_reader"  # the default of CTW_PG_READER_ROLE
PAIRS = "select count(*) from marts.fct_drug_disease_associations"


@pytest.fixture
def login_user(pg_database):
    """A login user granted the reader role, as docs/sql-tools.md tells an admin to make one."""
    name = f"ctw_analyst_{uuid.uuid4().hex[:10]}"
    yield name
    with psycopg.connect(pg_database["conninfo"], autocommit=True) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.mark.postgres
def test_the_reader_role_reads_the_live_marts_of_every_build_and_rollback(
    tmp_path, pg_database, sample_dir, login_user
):
    dbname = pg_database["dbname"]
    env, home = pg_env(dbname), tmp_path / "home"
    built = run_cli("build", env=env, dagster_home=home)
    assert built.returncode == 0, built.stderr[-3000:]

    with psycopg.connect(pg_database["conninfo"], autocommit=True) as admin:
        admin.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD 'analyst'").format(sql.Identifier(login_user))
        )
        admin.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(READER), sql.Identifier(login_user))
        )
    analyst = f"{pg_conninfo(dbname)} user={login_user} password=analyst"

    def read(statement: str):
        with psycopg.connect(analyst) as conn:
            return conn.execute(statement).fetchall()

    def denied(statement: str, what: str) -> None:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"permission denied {what}"):
            read(statement)

    assert read(PAIRS) == [(EXPECTED_DRUG_DISEASE_PAIRS,)]
    assert read("select count(*) from marts.dim_trials") == [(41,)]
    denied(
        "insert into marts.fct_drug_disease_associations (drug_disease_id) values ('x')",
        "for table fct_drug_disease_associations",
    )
    denied("delete from marts.dim_trials", "for table dim_trials")
    denied("create table marts.mine (x int)", "for schema marts")
    denied("select count(*) from raw_aact.studies", "for schema raw_aact")
    denied("select count(*) from staging.stg_aact__studies", "for schema staging")
    denied("select count(*) from intermediate.int_study_sources", "for schema intermediate")
    no_login = f'role "{READER}" is not permitted to log in'
    with pytest.raises(psycopg.OperationalError, match=no_login):
        psycopg.connect(f"{pg_conninfo(dbname)} user={READER}").close()

    smaller = without_study(sample_dir, tmp_path / "smaller", "NCT00000105")
    rebuilt = run_cli("build", env={**env, "CTW_AACT_FLATFILES": str(smaller)}, dagster_home=home)
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    assert read(PAIRS) == [(EXPECTED_DRUG_DISEASE_PAIRS - 4,)]  # NCT00000105's 4 pairs are gone
    with psycopg.connect(pg_database["conninfo"]) as admin:
        (kept,) = admin.execute(
            "select nspname from pg_namespace where nspname like 'marts\\_\\_kept\\_%'"
        ).fetchone()
    denied(f"select count(*) from {kept}.dim_trials", f"for schema {kept}")  # the first build

    rolled = run_cli("rollback", env=env, dagster_home=home)
    assert rolled.returncode == 0, rolled.stderr
    assert read(PAIRS) == [(EXPECTED_DRUG_DISEASE_PAIRS,)]
    assert read("select count(*) from marts.dim_trials") == [(41,)]


def test_duckdb_read_only_connections_read_the_live_file_and_never_write(tmp_path):
    """docs/sql-tools.md's DuckDB recipe: any number of read-only connections beside each other; a
    write is refused."""
    store = DuckDBStore(tmp_path / "warehouse.duckdb")
    store.publish(fake_build(store, 3))
    with (
        duckdb.connect(str(store.live), read_only=True) as one,
        duckdb.connect(str(store.live), read_only=True) as two,
    ):
        assert one.sql("select count(*) from marts.fct").fetchall() == [(100,)]
        assert two.sql("select max(build) from marts.fct").fetchall() == [(3,)]
        with pytest.raises(duckdb.InvalidInputException, match="read-only mode"):
            one.execute("insert into marts.fct values (9)")
