"""How many dbt threads a build runs: the configured number, else one on DuckDB once the build
is large (two large tables written at once into one DuckDB file slow each other several times
over) and two otherwise."""

from __future__ import annotations

import duckdb
import pytest

from orchestration import settings
from orchestration.dbt import project
from orchestration.dbt.threads import (
    DUCKDB_ONE_THREAD_ROWS,
    build_dbt_threads,
    describe_threads,
)
from orchestration.warehouse.builds import new_build_id
from orchestration.warehouse.duckdb_store import DuckDBStore


def test_auto_takes_one_thread_on_a_large_duckdb_build_and_two_otherwise():
    assert build_dbt_threads(None, DUCKDB_ONE_THREAD_ROWS) == 1
    assert build_dbt_threads(None, 10_235_387) == 1
    assert build_dbt_threads(None, DUCKDB_ONE_THREAD_ROWS - 1) == 2
    assert build_dbt_threads(None, 96_206) == 2
    assert build_dbt_threads(None, None) == 2  # PostgreSQL, however large
    assert build_dbt_threads(3, 10_235_387) == 3  # a configured number wins
    assert build_dbt_threads(2, 10_235_387) == 2


def test_the_build_log_says_why():
    assert describe_threads(1, None, 10_235_387) == (
        "1 thread (auto: the largest raw table holds 10,235,387 rows)"
    )
    assert describe_threads(2, None, None) == "2 threads (auto)"
    assert describe_threads(4, 4, None) == "4 threads (CTW_DBT_THREADS)"


def test_setting_is_auto_or_a_whole_number(monkeypatch):
    monkeypatch.setenv("CTW_DBT_THREADS", "auto")
    assert settings.dbt_threads() is None
    monkeypatch.setenv("CTW_DBT_THREADS", "3")
    assert settings.dbt_threads() == 3
    for bad in ("0", "two", "-1", "1.5"):
        monkeypatch.setenv("CTW_DBT_THREADS", bad)
        with pytest.raises(settings.SettingsError, match=f"CTW_DBT_THREADS='{bad}'"):
            settings.validate()


def test_dbt_profile_threads_stay_put_under_auto(monkeypatch):
    """The profile gets a number (auto: 2) that does not change from build to build, so the
    choice per build (--threads) never makes dbt parse again."""
    monkeypatch.setenv("CTW_DBT_THREADS", "auto")
    assert project.dbt_env({})["CTW_DBT_THREADS"] == "2"
    monkeypatch.setenv("CTW_DBT_THREADS", "1")
    assert project.dbt_env({})["CTW_DBT_THREADS"] == "1"


def test_duckdb_store_reads_the_largest_table_of_the_schemas_asked(tmp_path):
    store = DuckDBStore(tmp_path / "warehouse.duckdb")
    store.begin(new_build_id("000001"))
    with store.connect_slot() as con:
        con.execute(f"create table {store.slot_schema}.small as select range as id from range(7)")
        con.execute(
            f"create table {store.slot_schema}.large as select range as id from range(123456)"
        )
        con.execute("create schema raw_vocab")
        con.execute("create table raw_vocab.chembl as select range as id from range(200000)")
    assert store.slot_largest_table_rows([store.slot_schema]) == 123_456
    assert store.slot_largest_table_rows([store.slot_schema, "raw_vocab"]) == 200_000
    assert store.slot_largest_table_rows(["raw_ctgov"]) == 0  # a schema it does not have
    with duckdb.connect(str(store.slot), read_only=True) as con:  # the store left it closed
        assert con.execute(f"select count(*) from {store.slot_schema}.small").fetchone() == (7,)
