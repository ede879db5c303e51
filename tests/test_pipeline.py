"""End to end, as a user runs it: `python -m orchestration.cli build` on the bundled sample,
into a DuckDB file and into PostgreSQL (extracting from an AACT-style `ctgov` schema)."""

import shutil

import duckdb
import psycopg
import pytest

from tests.conftest import (
    EXPECTED_DRUG_DISEASE_PAIRS,
    EXPECTED_OUTCOME_SUMMARY_ROWS,
    load_flat_files_into_postgres,
    run_cli,
)

PEMBROLIZUMAB_PAIRS = (
    "select condition_name, trial_count, max_phase, max_phase_rank, nct_ids "
    "from marts.fct_drug_disease_associations where drug_name = 'Pembrolizumab' "
    "order by trial_count desc, condition_name"
)
OUTCOME_ROWS = (
    "select outcome_id, result_group_id, ctgov_group_code, result_group_title, analysis_count, "
    "min_p_value from marts.fct_outcome_summaries where nct_id = 'NCT00390806' "
    "order by outcome_id, result_group_id"
)
MART_CONTENTS = (
    "select drug_disease_id, drug_name, condition_name, trial_count, max_phase, nct_ids "
    "from marts.fct_drug_disease_associations order by drug_disease_id"
)


def assert_sample_marts(query):
    """The marts built from the bundled sample hold these rows, whatever the target."""
    pairs = query("select count(*) from marts.fct_drug_disease_associations")[0][0]
    assert pairs == EXPECTED_DRUG_DISEASE_PAIRS
    pembro = query(PEMBROLIZUMAB_PAIRS)
    assert len(pembro) == 29  # distinct conditions of the 3 pembrolizumab trials
    assert [tuple(r[:3]) + (float(r[3]), r[4]) for r in pembro[:2]] == [
        ("Stage IIIA Lung Cancer AJCC v8", 2, "Phase 3", 3.0, "NCT03590054, NCT04267848"),
        ("Stage IIIB Lung Cancer AJCC v8", 2, "Phase 3", 3.0, "NCT03590054, NCT04267848"),
    ]
    # NCT00000105 tests three biologicals and one drug in a study without a phase
    klh = query(
        "select drug_name, condition_name, trial_count, max_phase from "
        "marts.fct_drug_disease_associations where nct_ids = 'NCT00000105' order by 1, 2"
    )
    assert [tuple(r) for r in klh] == [
        ("Biosyn KLH", "Cancer", 1, None),
        ("Intracel KLH Vaccine", "Cancer", 1, None),
        ("Montanide ISA51", "Cancer", 1, None),
        ("Tetanus toxoid", "Cancer", 1, None),
    ]
    summaries = query(
        "select count(*), count(distinct outcome_id), count(distinct nct_id) "
        "from marts.fct_outcome_summaries"
    )
    assert tuple(summaries[0]) == (EXPECTED_OUTCOME_SUMMARY_ROWS, 63, 13)
    # one row per (outcome, result group) actually compared: joined by result_group_id
    rows = query(OUTCOME_ROWS)
    assert [(r[0], r[1], r[2], r[4], pytest.approx(r[5])) for r in rows] == [
        (6871470, 10251666, "OG000", 1, 0.1862),
        (6871470, 10251667, "OG001", 1, 0.1862),
    ]


def duckdb_query(path):
    def query(statement):
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute(statement).fetchall()

    return query


def postgres_query(conninfo):
    def query(statement):
        with psycopg.connect(conninfo) as conn:
            return conn.execute(statement).fetchall()

    return query


@pytest.fixture
def duckdb_env(tmp_path):
    return {"CTW_TARGET": "duckdb", "CTW_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb")}


def test_build_on_duckdb_then_rebuild_is_idempotent(tmp_path, duckdb_env):
    first = run_cli("build", env=duckdb_env, dagster_home=tmp_path / "home")
    assert first.returncode == 0, first.stderr[-3000:]
    assert f"drug–disease associations: {EXPECTED_DRUG_DISEASE_PAIRS} pairs" in first.stdout
    assert "Pembrolizumab × Stage IIIA Lung Cancer AJCC v8: 2 trial(s), max Phase 3" in first.stdout
    assert "loaded empty: browse_conditions, countries, outcome_measurements" in first.stdout
    query = duckdb_query(duckdb_env["CTW_DUCKDB_PATH"])
    assert_sample_marts(query)
    before = query(MART_CONTENTS)

    second = run_cli("build", env=duckdb_env, dagster_home=tmp_path / "home")
    assert second.returncode == 0, second.stderr[-3000:]
    assert query(MART_CONTENTS) == before
    assert query("select count(*) from raw_aact.studies") == [(24,)]
    assert query("select count(distinct loaded_at) from raw_aact._loads") == [(2,)]


def test_bad_input_fails_clearly_and_keeps_the_previous_warehouse(tmp_path, duckdb_env, sample_dir):
    built = run_cli("build", env=duckdb_env, dagster_home=tmp_path / "home")
    assert built.returncode == 0, built.stderr[-3000:]
    query = duckdb_query(duckdb_env["CTW_DUCKDB_PATH"])
    before = query(MART_CONTENTS)

    bad = tmp_path / "bad_export"
    shutil.copytree(sample_dir, bad)
    outcomes = (bad / "outcomes.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    cells = outcomes[5].split("|")
    cells[0] = "6871x"  # outcomes.id must be an integer
    outcomes[5] = "|".join(cells)
    (bad / "outcomes.txt").write_text("".join(outcomes), encoding="utf-8")
    (bad / "studies.txt").write_text(  # a table earlier in the load order, now changed
        (sample_dir / "studies.txt").read_text(encoding="utf-8").splitlines()[0] + "\n"
    )

    failed = run_cli(
        "build", env={**duckdb_env, "CTW_AACT_FLATFILES": str(bad)}, dagster_home=tmp_path / "home"
    )
    assert failed.returncode == 1
    assert "the warehouse keeps its previous tables" in failed.stderr
    assert f"{bad}/outcomes.txt: column 'id', data row 5 (" in failed.stderr
    assert "cannot read '6871x' as integer" in failed.stderr
    assert query(MART_CONTENTS) == before
    assert query("select count(*) from raw_aact.studies") == [(24,)]

    missing = run_cli(
        "build",
        env={**duckdb_env, "CTW_AACT_FLATFILES": str(tmp_path / "no_such_export")},
        dagster_home=tmp_path / "home",
    )
    assert missing.returncode == 1
    assert "no_such_export does not exist" in missing.stderr
    assert query(MART_CONTENTS) == before


def test_postgres_source_to_postgres_warehouse(tmp_path, pg_database, sample_dir):
    conninfo = pg_database["conninfo"]
    load_flat_files_into_postgres(conninfo, sample_dir, schema="ctgov")
    env = {
        "CTW_TARGET": "postgres",
        "CTW_PG_HOST": "127.0.0.1",
        "CTW_PG_PORT": "5432",
        "CTW_PG_USER": "postgres",
        "CTW_PG_DATABASE": pg_database["dbname"],
        "CTW_AACT_SOURCE": "postgres",
        "CTW_AACT_PG_CONNINFO": conninfo,
        "CTW_AACT_PG_SCHEMA": "ctgov",
    }
    built = run_cli("build", env=env, dagster_home=tmp_path / "home")
    assert built.returncode == 0, built.stderr[-3000:]
    assert f"Warehouse (postgres): {pg_database['dbname']}" in built.stdout
    assert "loaded empty" not in built.stdout  # every table exists in the AACT database
    query = postgres_query(conninfo)
    assert_sample_marts(query)
    assert query("select count(*) from raw_aact.studies") == [(24,)]
    # the marts are real tables with the contract's column types
    kinds = dict(
        query(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_drug_disease_associations'"
        )
    )
    assert kinds["trial_count"] == "bigint" and kinds["max_phase_rank"] == "numeric"
