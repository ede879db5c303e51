"""End to end, as a user runs it: `python -m orchestration.cli build` on the bundled sample, into
a DuckDB file and into PostgreSQL; failures that leave the live warehouse as it was; readers
that never see a broken or mixed warehouse while a build is published."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psycopg
import pytest

from tests.conftest import EXPECTED_DRUG_DISEASE_PAIRS, EXPECTED_OUTCOME_SUMMARY_ROWS
from tests.helpers import (
    BAD_KEY_MESSAGES,
    MART_CONTENTS,
    cli_env,
    duckdb_query,
    load_flat_files_into_postgres,
    pg_env,
    postgres_query,
    run_cli,
    start_cli,
    with_bad_keys,
    without_study,
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
# One statement, so one snapshot: which build a reader sees, and whether its parts agree.
READER_QUERY = (
    "select (select count(*) from raw_aact.studies), "
    "(select count(*) from marts.fct_drug_disease_associations), "
    "(select count(*) from marts.fct_drug_disease_associations where nct_ids like '%NCT00000105%')"
)


def assert_sample_marts(query):
    """The marts built from the bundled sample hold these rows, whatever the target."""
    pairs = query("select count(*) from marts.fct_drug_disease_associations")[0][0]
    assert pairs == EXPECTED_DRUG_DISEASE_PAIRS
    pembro = query(PEMBROLIZUMAB_PAIRS)
    assert len(pembro) == 18  # condition concepts of the 3 pembrolizumab trials (29 labels)
    assert [tuple(r[:3]) + (float(r[3]), r[4]) for r in pembro[:2]] == [
        ("Carcinoma, Non-Small-Cell Lung", 2, "PHASE3", 3.0, "NCT03590054, NCT04267848"),
        ("Lung Neoplasms", 2, "PHASE3", 3.0, "NCT03590054, NCT04267848"),
    ]
    # NCT00000105 tests three biologicals and one drug in a study without a phase
    klh = query(
        "select drug_name, condition_name, trial_count, max_phase from "
        "marts.fct_drug_disease_associations where nct_ids = 'NCT00000105' order by 1, 2"
    )
    assert [tuple(r) for r in klh] == [
        ("Biosyn KLH", "Neoplasms", 1, None),
        ("Intracel KLH Vaccine", "Neoplasms", 1, None),
        ("Montanide ISA51", "Neoplasms", 1, None),
        ("Tetanus toxoid", "Neoplasms", 1, None),
    ]
    summaries = query(
        "select count(*), count(distinct outcome_id), count(distinct nct_id) "
        "from marts.fct_outcome_summaries"
    )
    assert tuple(summaries[0]) == (EXPECTED_OUTCOME_SUMMARY_ROWS, 126, 19)
    # one row per (outcome, result group) actually compared: joined by result_group_id
    rows = query(OUTCOME_ROWS)
    assert [(r[0], r[1], r[2], r[4], pytest.approx(r[5])) for r in rows] == [
        (6871470, 10251666, "OG000", 1, 0.1862),
        (6871470, 10251667, "OG001", 1, 0.1862),
    ]


def start_reader(target: str, where: str, seconds: float) -> subprocess.Popen:
    """A consumer querying the marts in a loop: prints each distinct answer and every error."""
    if target == "duckdb":
        body = f"""
            import duckdb
            def ask():
                with duckdb.connect({where!r}, read_only=True) as con:
                    return con.execute(QUERY).fetchone()
        """
    else:
        body = f"""
            import psycopg
            conn = psycopg.connect({where!r}, autocommit=True)
            def ask():
                return conn.execute(QUERY).fetchone()
        """
    script = textwrap.dedent(body) + textwrap.dedent(
        f"""
        import time
        QUERY = {READER_QUERY!r}
        seen, errors, end = set(), 0, time.time() + {seconds}
        queries = 0
        while time.time() < end:
            try:
                answer = tuple(ask())
                queries += 1
                if answer not in seen:
                    seen.add(answer)
                    print("answer", answer, flush=True)
            except Exception as exc:
                errors += 1
                print("error", type(exc).__name__, exc, flush=True)
            time.sleep(0.01)
        print("queries", queries, "errors", errors, flush=True)
        """
    )
    return subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def rebuild_while_reading(target, where, env, home, sample_dir, tmp_path):
    """Build a second, different warehouse (one study less, and no countries file: that table
    loads empty, as CTW_MAX_TABLE_DROP=100% allows) while a reader loops; a third build started
    meanwhile stops at once. Returns what the reader saw."""
    smaller = without_study(sample_dir, tmp_path / "smaller", "NCT00000105")
    (smaller / "countries.txt").unlink()
    reader = start_reader(target, where, seconds=600)
    time.sleep(2)
    second = start_cli(
        "build",
        env={**env, "CTW_AACT_FLATFILES": str(smaller), "CTW_MAX_TABLE_DROP": "100%"},
        dagster_home=home,
    )
    first_line = second.stdout.readline()  # printed once the second build holds the lock
    assert first_line.startswith("Building the warehouse"), first_line
    third = run_cli("build", env=env, dagster_home=home)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err[-3000:]
    assert "not in the AACT source, loaded empty: countries\n" in out
    assert third.returncode == 1
    assert "a build of this warehouse is running (pid" in third.stderr
    assert len(third.stderr.strip().splitlines()) == 1
    time.sleep(1.5)  # the reader asks a few more times after the publish
    reader.kill()
    output = reader.communicate()[0]
    answers = [line for line in output.splitlines() if line.startswith("answer")]
    errors = [line for line in output.splitlines() if line.startswith("error")]
    return answers, errors


def test_duckdb_build_rebuild_reader_and_rollback(tmp_path, sample_dir, built_sample):
    live, env, home, first = (
        built_sample.live, built_sample.env, built_sample.home, built_sample.result
    )  # fmt: skip
    assert first.returncode == 0, first.stderr[-3000:]
    assert f"drug–disease associations: {EXPECTED_DRUG_DISEASE_PAIRS} pairs" in first.stdout
    assert "Pembrolizumab × Lung Neoplasms: 2 trial(s), max PHASE3" in first.stdout
    assert "loaded empty" not in first.stdout  # the sample has every table the warehouse loads
    assert "phases: start-up" in first.stdout and "extract load" in first.stdout
    query = duckdb_query(live)
    assert_sample_marts(query)
    before = query(MART_CONTENTS)

    answers, errors = rebuild_while_reading("duckdb", str(live), env, home, sample_dir, tmp_path)
    assert errors == []
    # only the two complete warehouses, never a mix: (studies, pairs, pairs of NCT00000105)
    assert answers == ["answer (41, 174, 4)", "answer (40, 170, 0)"]

    rolled = run_cli("rollback", env=env, dagster_home=home)
    assert rolled.returncode == 0, rolled.stderr
    assert query(MART_CONTENTS) == before
    listed = run_cli("rollback", "--list", env=env, dagster_home=home).stdout.splitlines()
    assert [line.split()[1] for line in listed] == ["live", "kept"]
    assert "41 studies" in listed[0] and "40 studies" in listed[1]
    logs = sorted((home / "logs").glob("build-*.log"))
    assert len(logs) == 2 and (home / "last_build.log").resolve() == logs[-1]  # one per build
    piped = subprocess.run(  # a reader that goes away early is not an error
        f"{sys.executable} -m orchestration.cli summary | head -1",
        shell=True,
        env=cli_env(env, home),
        capture_output=True,
        text=True,
    )
    assert piped.stdout.startswith("Warehouse (duckdb)") and piped.stderr == ""


@pytest.mark.postgres
def table_persistence(query) -> set[tuple[str, str]]:
    """(schema, relpersistence) of the live tables: `p` logged, `u` unlogged; the raw schema's
    build history (`_loads`, `_changes`, …) apart."""
    rows = query(
        "select n.nspname, c.relname, c.relpersistence from pg_class c "
        "join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r' "
        "and n.nspname in ('raw_aact', 'intermediate', 'marts')"
    )
    return {
        (schema + (" bookkeeping" if name.startswith("_") else ""), kind)
        for schema, name, kind in rows
    }


def test_postgres_source_to_postgres_warehouse_with_a_reader(tmp_path, pg_database, sample_dir):
    conninfo = pg_database["conninfo"]
    load_flat_files_into_postgres(conninfo, sample_dir, schema="ctgov")
    env = {
        **pg_env(pg_database["dbname"]),
        "CTW_AACT_SOURCE": "postgres",
        "CTW_AACT_PG_CONNINFO": conninfo,
        "CTW_AACT_PG_SCHEMA": "ctgov",
        "CTW_PG_UNLOGGED_TABLES": "off",
    }
    home = tmp_path / "home"
    built = run_cli("build", env=env, dagster_home=home)
    assert built.returncode == 0, built.stderr[-3000:]
    assert f"Warehouse (postgres): {pg_database['dbname']}" in built.stdout
    assert "loaded empty" not in built.stdout  # every table exists in the AACT database
    query = postgres_query(conninfo)
    assert_sample_marts(query)
    kinds = dict(
        query(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_drug_disease_associations'"
        )
    )
    assert kinds["trial_count"] == "bigint" and kinds["max_phase_rank"] == "numeric"
    assert table_persistence(query) == {
        ("intermediate", "p"),
        ("marts", "p"),
        ("raw_aact", "p"),
        ("raw_aact bookkeeping", "p"),
    }

    flat_env = {**pg_env(pg_database["dbname"])}
    answers, errors = rebuild_while_reading(
        "postgres", conninfo, flat_env, home, sample_dir, tmp_path
    )
    assert errors == []
    assert answers == ["answer (41, 174, 4)", "answer (40, 170, 0)"]
    schemas = {r[0] for r in query("select nspname from pg_namespace")}
    assert {"raw_aact", "staging", "intermediate", "marts"} <= schemas
    assert not any(s.endswith("__building") for s in schemas)
    assert sum(s.startswith("marts__kept_") for s in schemas) == 1
    # the default: what every build reloads skips the write-ahead log; marts and history do not
    assert table_persistence(query) == {
        ("intermediate", "u"),
        ("marts", "p"),
        ("raw_aact", "u"),
        ("raw_aact bookkeeping", "p"),
    }

    # key checks on PostgreSQL (a duplicate found by sort, not by hashing): named, refused
    live = query("select count(*) from marts.dim_trials")
    bad = run_cli(
        "build",
        env={**flat_env, "CTW_AACT_FLATFILES": str(with_bad_keys(sample_dir, tmp_path / "bad"))},
        dagster_home=home,
    )
    assert bad.returncode == 1
    for expected in BAD_KEY_MESSAGES:
        assert expected in bad.stderr
    assert query("select count(*) from marts.dim_trials") == live

    # a crash of the server resets the unlogged raw tables to empty (TRUNCATE does the same to
    # one): the summary says which, and that the marts are intact
    with psycopg.connect(conninfo) as conn:
        conn.execute("truncate raw_aact.studies")
    summary = run_cli("summary", env=flat_env, dagster_home=home)
    assert summary.returncode == 0, summary.stderr[-2000:]
    assert (
        "warning: 1 live raw table(s) are empty (raw_aact.studies): a restart of PostgreSQL "
        "after a crash emptied them (UNLOGGED, CTW_PG_UNLOGGED_TABLES); the marts are intact"
    ) in summary.stdout


def test_failures_leave_the_live_warehouse_exactly_as_it_was(tmp_path, sample_dir, built_sample):
    live, env, home = built_sample.live, built_sample.env, built_sample.home
    assert built_sample.result.returncode == 0
    query = duckdb_query(live)
    before = query(MART_CONTENTS)
    live_id = query("select max(build_id) from raw_aact._loads")[0][0]
    unchanged = f"Build failed; the live warehouse was not changed (build {live_id})."

    def build_from(folder: Path, **extra: str):
        result = run_cli(
            "build", env={**env, "CTW_AACT_FLATFILES": str(folder), **extra}, dagster_home=home
        )
        assert result.returncode == 1, result.stdout[-2000:]
        assert result.stderr.startswith(unchanged), result.stderr
        assert query(MART_CONTENTS) == before
        assert not (live.parent / "warehouse.builds" / "building").exists()
        return result.stderr

    bad = tmp_path / "bad_value"
    shutil.copytree(sample_dir, bad)
    lines = (bad / "outcomes.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[5].split("|")
    cells[0] = "6871x"
    lines[5] = "|".join(cells)
    (bad / "outcomes.txt").write_text("".join(lines), encoding="utf-8")
    assert (
        f"{bad}/outcomes.txt: column 'id', line 6 (NCT01007942): cannot read '6871x' as integer"
    ) in build_from(bad)

    empty = tmp_path / "header_only"
    shutil.copytree(sample_dir, empty)
    header = (sample_dir / "studies.txt").read_text(encoding="utf-8").splitlines()[0]
    (empty / "studies.txt").write_text(header + "\n", encoding="utf-8")
    for file in empty.glob("*.txt"):  # no rows anywhere: an export that lost its data
        file.write_text(file.read_text(encoding="utf-8").splitlines()[0] + "\n")
    message = build_from(empty)
    assert (
        "check studies_not_empty failed" in message and "the studies table has no rows" in message
    )

    dropped = without_study(sample_dir, tmp_path / "drop1", "NCT00000105")
    dropped = without_study(dropped, tmp_path / "drop2", "NCT00579826")
    dropped = without_study(dropped, tmp_path / "drop3", "NCT01508013")
    refused = build_from(dropped)
    assert "studies would drop 7.3% (from 41 to 38), more than CTW_MAX_STUDY_DROP=5.0%" in refused
    # what may explain a failure is printed with it (here the 2022 export's missing columns)
    assert "\n  warning: schema drift: result_groups.txt: 1 column of the DDL missing" in refused

    orphan = tmp_path / "orphan"
    shutil.copytree(sample_dir, orphan)
    with (orphan / "conditions.txt").open("a", encoding="utf-8") as conditions:
        conditions.write("99999999|NCT09999999|Gout|gout\n")
    message = build_from(orphan)
    assert (
        "dbt test table_keys on stg_aact__conditions: Got 1 result, configured to fail if != 0 "
        "(not in stg_aact__studies: nct_id NCT09999999 (1 row))"
    ) in message

    interrupted = start_cli("build", env=env, dagster_home=home)  # Ctrl-C while dbt runs
    for line in interrupted.stdout:
        if "dbt build" in line:
            interrupted.send_signal(signal.SIGINT)
            break
    _, err = interrupted.communicate(timeout=120)
    assert interrupted.returncode == 130
    assert err.startswith(
        f"Build interrupted; the live warehouse was not changed (build {live_id})"
    )
    assert query(MART_CONTENTS) == before
    assert not (live.parent / "warehouse.builds" / "building").exists()

    # Ctrl-C in a terminal, while dbt's threads run models: SIGINT to the whole process group
    progress = {**env, "CTW_PROGRESS_SECONDS": "0.2"}
    interrupted = start_cli("build", env=progress, dagster_home=home, new_session=True)
    for line in interrupted.stdout:
        if re.match(r"  dbt: \d+/\d+ nodes", line):
            os.killpg(interrupted.pid, signal.SIGINT)
            break
    _, err = interrupted.communicate(timeout=120)
    assert interrupted.returncode == 130, err[-3000:]
    assert f"Build interrupted; the live warehouse was not changed (build {live_id})" in err
    assert "Logging error" not in err
    assert query(MART_CONTENTS) == before

    missing = build_from(Path("no_such_export"))  # relative: resolved where the user is
    assert f"{Path.cwd() / 'no_such_export'} does not exist" in missing


def test_cli_errors_are_one_clear_line(tmp_path, sample_dir):
    home = tmp_path / "home"
    nothing = {"CTW_DUCKDB_PATH": str(tmp_path / "none.duckdb")}
    cases = [
        (("summary",), nothing, f"warehouse: no warehouse at {tmp_path / 'none.duckdb'} yet"),
        (("build",), {"CTW_TARGET": "sqlite"}, "warehouse: CTW_TARGET='sqlite': choose one of"),
        (("summary",), {"CTW_PG_PORT": "abc"}, "warehouse: CTW_PG_PORT='abc': expected a whole"),
        (("nonsense",), {}, "warehouse: unknown command 'nonsense'"),
        (
            ("dbt", "--no-use-colors", "run", "--select", "dim_trials"),
            {},
            "warehouse: `dbt run` would write into the live warehouse outside a build",
        ),
    ]
    for args, env, message in cases:
        result = run_cli(*args, env=env, dagster_home=home)
        assert result.returncode in (1, 2), result
        assert result.stderr.startswith(message), result.stderr
        assert "Traceback" not in result.stderr and "\x1b[" not in result.stderr
    helped = run_cli("--help", env={}, dagster_home=home)
    assert helped.returncode == 0 and "CTW_DUCKDB_MEMORY_LIMIT" in helped.stdout


@pytest.mark.postgres
def test_summary_of_a_postgres_database_without_marts_is_one_line(tmp_path, pg_database):
    result = run_cli("summary", env=pg_env(pg_database["dbname"]), dagster_home=tmp_path / "h")
    assert result.returncode == 1
    assert result.stderr.startswith(f"warehouse: {pg_database['dbname']}: the marts cannot be read")
    assert "run `./warehouse build` first" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.postgres
def test_a_build_into_a_postgres_database_that_does_not_exist_is_one_line(tmp_path):
    result = run_cli("build", env=pg_env("ctw_no_such_database"), dagster_home=tmp_path / "h")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("warehouse: PostgreSQL warehouse ctw_no_such_database: cannot ")
    assert lines[0].endswith(
        'database "ctw_no_such_database" does not exist; create it (e.g. `createdb '
        "ctw_no_such_database`) or set CTW_PG_DATABASE"
    )


def test_build_wait_says_what_it_waits_for_then_runs(tmp_path):
    """`--wait` behind another build: one line naming it, then the build (here one that stops
    at once on a missing export, after its turn came)."""
    live = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import time
                from orchestration.warehouse.duckdb_store import DuckDBStore
                store = DuckDBStore({str(live)!r})
                store.lock().acquire()
                print("locked", flush=True)
                time.sleep(8)  # beyond the build's start-up (imports, definitions)
                store.lock().release()
                """
            ),
        ],
        cwd=Path(__file__).parent.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    env = {"CTW_DUCKDB_PATH": str(live), "CTW_AACT_FLATFILES": str(tmp_path / "no_export")}
    waited = run_cli("build", "--wait", env=env, dagster_home=tmp_path / "h")
    holder.wait()
    assert waited.stdout.startswith(
        f"waiting: a build of this warehouse is running (pid {holder.pid}, started 20"
    ), waited.stdout
    assert "this build starts when it has finished" in waited.stdout.splitlines()[0]
    assert f"{tmp_path / 'no_export'} does not exist" in waited.stderr
