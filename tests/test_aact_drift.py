"""Schema drift: an AACT export or database whose columns differ from the bundled DDL still
loads, on both targets, and says what changed. The drifted input is the bundled sample in an
AACT database, altered as AACT's own migrations alter tables, then exported as AACT exports."""

from __future__ import annotations

from pathlib import Path

import duckdb
import psycopg
import pytest

from orchestration.aact.readers import open_flat_files, open_postgres
from orchestration.aact.schema import RAW_TABLES
from orchestration.raw.errors import RawInputError
from orchestration.raw.load import load_raw
from tests.conftest import SAMPLE_ROW_COUNTS
from tests.helpers import duckdb_query, export_like_aact, load_flat_files_into_postgres, run_cli

BUILD = "20260101_000000_drift0"
# added (two), dropped (a non-key column) and renamed (countries.name → country_name)
DRIFT = """
alter table ctgov.studies add column fda_letter_url text;
alter table ctgov.studies add column registry_patients integer;
update ctgov.studies set fda_letter_url = 'https://www.fda.gov/l/1', registry_patients = 250
  where nct_id = 'NCT00000105';
alter table ctgov.conditions drop column downcase_name;
alter table ctgov.countries rename column name to country_name;
"""
FILE_MESSAGES = [
    "studies.txt: 2 new columns kept as text: fda_letter_url, registry_patients",
    "conditions.txt: 1 column of the DDL missing, loaded as NULL: downcase_name",
    "countries.txt: 1 new column kept as text: country_name",
    "countries.txt: 1 column of the DDL missing, loaded as NULL: name",
    "countries.txt: renamed? country_name appeared as name went missing; every model reading "
    "name now gets NULL until the DDL copy has the new name",
]
LOGGED = (
    "select table_name, new_columns, missing_columns from raw_aact._loads "
    "where new_columns is not null or missing_columns is not null order by table_name"
)
LOGGED_ROWS = [
    ("conditions", None, "downcase_name"),
    ("countries", "country_name", "name"),
    ("studies", "fda_letter_url, registry_patients", None),
]
KEPT = "select fda_letter_url, registry_patients from raw_aact.studies where nct_id = 'NCT00000105'"
COLUMN_TYPES = (
    "select column_name, lower(data_type) from information_schema.columns where "
    "table_schema = 'raw_aact' and table_name = 'studies' and column_name in "
    "('fda_letter_url', 'registry_patients', 'enrollment') order by column_name"
)
DROPPED = (
    "select count(*), count(downcase_name) from raw_aact.conditions union all "
    "select count(*), count(name) from raw_aact.countries union all "
    "select count(distinct country_name), count(country_name) from raw_aact.countries"
)


@pytest.fixture
def drifted(pg_database, sample_dir, tmp_path) -> tuple[str, Path]:
    """(conninfo of an AACT database in a newer layout, the folder of its flat-file export)."""
    conninfo = pg_database["conninfo"]
    load_flat_files_into_postgres(conninfo, sample_dir, schema="ctgov")
    with psycopg.connect(conninfo) as conn:
        conn.execute(DRIFT)
    export = tmp_path / "export"
    export.mkdir()
    for table in RAW_TABLES:
        export_like_aact(conninfo, "ctgov", table, export / f"{table}.txt")
    return conninfo, export


def load_duckdb(source_cm, path: Path):
    con = duckdb.connect(str(path))
    con.execute("create schema raw_aact")
    with source_cm as source:
        report = load_raw(source, "duckdb", con, "raw_aact", BUILD, tables=RAW_TABLES)
    return report, lambda q: con.execute(q).fetchall()


def load_postgres(source_cm, conninfo: str, schema: str = "raw_aact"):
    conn = psycopg.connect(conninfo, autocommit=True)
    conn.execute(f"create schema {schema}")
    with source_cm as source:
        report = load_raw(source, "postgres", conn, schema, BUILD, tables=RAW_TABLES)
    return report, lambda q: [tuple(r) for r in conn.execute(q).fetchall()]


@pytest.mark.postgres
def test_a_drifted_export_loads_on_both_targets_and_names_each_change(drifted, tmp_path):
    conninfo, export = drifted
    on_duckdb = load_duckdb(open_flat_files(export, tmp_path / "w"), tmp_path / "d.db")
    on_postgres = load_postgres(open_flat_files(export, tmp_path / "w"), conninfo)
    for (report, query), text in ((on_duckdb, "varchar"), (on_postgres, "text")):
        assert report.row_counts() == SAMPLE_ROW_COUNTS
        assert report.drift_messages() == FILE_MESSAGES
        assert query(LOGGED) == LOGGED_ROWS
        # known columns typed from the DDL, new ones as text
        assert query(COLUMN_TYPES) == [
            ("enrollment", "bigint"),
            ("fda_letter_url", text),
            ("registry_patients", text),
        ]
        assert query(KEPT) == [("https://www.fda.gov/l/1", "250")]
        assert query(DROPPED) == [(113, 0), (23, 0), (15, 23)]  # the renamed column's values kept


@pytest.mark.postgres
def test_an_aact_database_with_new_columns_loads_them_typed_as_it_types_them(drifted, tmp_path):
    conninfo, _ = drifted
    expected = [
        "ctgov.studies: 1 new column kept as text: fda_letter_url",
        "ctgov.studies: 1 new column kept as integer: registry_patients",
        "ctgov.conditions: 1 column of the DDL missing, loaded as NULL: downcase_name",
        "ctgov.countries: 1 new column kept as text: country_name",
        "ctgov.countries: 1 column of the DDL missing, loaded as NULL: name",
        "ctgov.countries: renamed? country_name appeared as name went missing; every model "
        "reading name now gets NULL until the DDL copy has the new name",
    ]
    on_duckdb = load_duckdb(open_postgres(conninfo, "ctgov"), tmp_path / "d.db")
    on_postgres = load_postgres(open_postgres(conninfo, "ctgov"), conninfo)
    for (report, query), integer in ((on_duckdb, "bigint"), (on_postgres, "bigint")):
        assert report.row_counts() == SAMPLE_ROW_COUNTS
        assert report.drift_messages() == expected
        assert query(LOGGED) == LOGGED_ROWS
        assert query(COLUMN_TYPES)[2] == ("registry_patients", integer)
        assert query(KEPT) == [("https://www.fda.gov/l/1", 250)]
        assert query(DROPPED) == [(113, 0), (23, 0), (15, 23)]


@pytest.mark.postgres
def test_a_missing_key_column_stays_an_error_from_files_and_from_a_database(drifted, tmp_path):
    conninfo, export = drifted
    with psycopg.connect(conninfo) as conn:
        conn.execute("alter table ctgov.outcomes drop column nct_id")
    export_like_aact(conninfo, "ctgov", "outcomes", export / "outcomes.txt")
    with pytest.raises(RawInputError, match=r"outcomes.txt: key column\(s\) nct_id missing"):
        load_duckdb(open_flat_files(export, tmp_path / "w"), tmp_path / "d.db")
    with pytest.raises(RawInputError, match=r"outcomes.txt: key column\(s\) nct_id missing"):
        load_postgres(open_flat_files(export, tmp_path / "w"), conninfo, "raw_files")
    with pytest.raises(RawInputError, match=r"ctgov.outcomes: key column\(s\) nct_id missing"):
        load_postgres(open_postgres(conninfo, "ctgov"), conninfo, "raw_db")


@pytest.mark.postgres
def test_a_build_from_a_drifted_export_says_what_changed_and_keeps_the_marts(drifted, tmp_path):
    """End to end: the CLI build summary names the drift; the marts, which use none of the
    changed columns (staging selects columns by name), are the sample's."""
    from tests.test_pipeline import assert_sample_marts

    _, export = drifted
    live = tmp_path / "warehouse.duckdb"
    env = {"CTW_TARGET": "duckdb", "CTW_DUCKDB_PATH": str(live), "CTW_AACT_FLATFILES": str(export)}
    built = run_cli("build", env=env, dagster_home=tmp_path / "home")
    assert built.returncode == 0, built.stderr[-3000:]
    for message in FILE_MESSAGES:
        assert f"  warning: schema drift: {message}\n" in built.stderr
    query = duckdb_query(live)
    assert_sample_marts(query)
    assert query(KEPT) == [("https://www.fda.gov/l/1", "250")]


def test_a_rename_is_suggested_only_for_columns_that_look_alike():
    from orchestration.raw.drift import likely_renames

    assert likely_renames(["country_name"], ("name",)) == [("name", "country_name")]
    assert likely_renames(["downcased_name"], ("downcase_name",)) == [
        ("downcase_name", "downcased_name")
    ]
    # a new column beside columns an older export never had: new, not a rename of them
    assert (
        likely_renames(["new_int"], ("source_class", "delayed_posting", "patient_registry")) == []
    )
    # two equally likely new names: no guess
    assert likely_renames(["site_name", "city_name"], ("name",)) == []
