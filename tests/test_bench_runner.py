"""The scale benchmark's runner and report: a real process tree timed (start-up apart), its
memory sampled, the PostgreSQL server's processes of one database told from the others', and
the markdown the lead reads."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import psycopg
import pytest

from bench.floor import Floor
from bench.report import dbt_nodes_table, failure_lines, print_report, results_table
from bench.runner import (
    RunResult,
    database_collation,
    done_line,
    icu_locale_clause,
    pg_server_state,
    run_timed,
    server_line,
)
from bench.sampling import PostgresServerSampler, postgres_postmaster, process_tree
from tests.helpers import PG_ADMIN, create_database, drop_database, pg_conninfo

# A "build": silent for 0.6 s (its start-up), then a header line, then a child holding 80 MB.
BUILD = textwrap.dedent(
    """
    import subprocess, sys, time
    time.sleep(0.6)
    print("Building the warehouse (duckdb: test)")
    child = "x = bytearray(80_000_000); import time; time.sleep(0.6)"
    subprocess.run([sys.executable, "-c", child], check=True)
    print("Published build test")
    sys.exit(3)
    """
)


def test_a_build_is_timed_with_its_start_up_apart(tmp_path):
    timed = run_timed([sys.executable, "-c", BUILD], dict(os.environ), tmp_path, cwd=tmp_path)
    assert timed.returncode == 3
    assert 0.6 <= timed.startup < 0.6 + 1.5
    assert timed.wall >= timed.startup + 0.6  # the child's 0.6 s come after the header
    assert timed.peak_rss > 80_000_000  # the child's memory counts: the whole tree is sampled
    assert timed.cpu > 0
    assert (tmp_path / "build.stdout").read_text().splitlines() == [
        "Building the warehouse (duckdb: test)",
        "Published build test",
    ]


def test_a_silent_process_has_no_start_up(tmp_path):
    script = "import sys; sys.stderr.write('warehouse: no such file\\n'); sys.exit(1)"
    timed = run_timed([sys.executable, "-c", script], dict(os.environ), tmp_path, cwd=tmp_path)
    assert (timed.returncode, timed.startup) == (1, None)
    assert timed.stderr_path.read_text() == "warehouse: no such file\n"


def _backend_pid(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT pg_backend_pid()").fetchone()[0]


@pytest.mark.postgres
def test_the_server_sampler_counts_the_databases_backends_not_others():
    postmaster = postgres_postmaster(PG_ADMIN)
    if postmaster is None:
        pytest.skip("the PostgreSQL server does not run on this machine")
    database = "ctw_bench_sampling_test"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}"')
        try:
            with psycopg.connect(pg_conninfo(database)) as ours:
                ours_pid, admin_pid = _backend_pid(ours), _backend_pid(admin)
                sampler = PostgresServerSampler(postmaster, database)
                pids = sampler.pids()
                assert postmaster in pids and ours_pid in pids
                assert admin_pid in process_tree(postmaster) and admin_pid not in pids
                sampler.start()
                ours.execute("SELECT count(*) FROM generate_series(1, 200000)").fetchone()
                sampler.stop()
                assert sampler.samples >= 1 and sampler.peak > 0
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_the_benchmark_database_can_sort_text_as_most_servers_do():
    database = create_database("ctw_bench_collation_test", icu_locale="en-US")
    try:
        assert database_collation(database) == "collation en-US (ICU)"
        with psycopg.connect(pg_conninfo(database)) as conn:
            ordered = conn.execute(
                "select string_agg(x, ' ' order by x) from "
                "(values ('Zeta'), ('erlotinib'), ('Erlotinib')) as v(x)"
            ).fetchone()[0]
        assert ordered == "erlotinib Erlotinib Zeta"
    finally:
        drop_database(database)
    assert icu_locale_clause(None) == ""
    with pytest.raises(ValueError, match=r"--pg-icu-locale: not an ICU locale name: \"en'; drop"):
        icu_locale_clause("en'; drop database x; --")


def _result(**overrides) -> RunResult:
    values = dict(
        studies=5000,
        input_bytes=83_400_000,
        target="duckdb",
        wall=9.46,
        peak_rss=int(0.81 * 2**30),
        returncode=0,
        phases={"extract_load": 1.234, "dbt_models": 4.5},
        row_counts={"aact/studies": 5000},
        model_seconds={f"model_{i:02d}": float(i) for i in range(1, 18)},
        stderr_tail=[],
        log_dir=Path("/tmp/bench/out/5000"),
        cpu=12.04,
        startup=1.26,
    )
    return RunResult(**{**values, **overrides})


def test_the_results_table_splits_start_up_from_the_build():
    failed = _result(
        studies=80000, input_bytes=1_330_000_000, wall=3.0, returncode=1, phases=None,
        startup=None, cpu=None, floor=None,
    )  # fmt: skip
    floored = _result(floor=Floor(seconds=0.876))
    lines = results_table([floored, failed]).splitlines()
    assert lines[0] == (
        "| studies | input size | target | wall (s) | start-up (s) | build (s) | CPU (s) "
        "| peak RSS (GiB) | extract_load (s) | dbt_models (s) | floor: plain read_csv (s) |"
    )
    assert lines[2] == (
        "| 5,000 | 83.4 MB | duckdb | 9.5 | 1.3 | 8.2 | 12.0 | 0.81 | 1.23 | 4.50 | 0.88 |"
    )
    assert lines[3] == (
        "| 80,000 | 1.3 GB | duckdb | 3.0 (failed) | - | - | - | 0.81 | - | - | - |"
    )
    assert done_line(floored) == ("done in 9.5 s (start-up 1.3 s, build 8.2 s), peak RSS 0.81 GiB")


def test_the_dbt_tables_list_the_slowest_and_sum_the_rest():
    lines = dbt_nodes_table(_result(), rows=3).splitlines()
    assert lines[4:] == [
        "| model_17 | 17.00 |",
        "| model_16 | 16.00 |",
        "| model_15 | 15.00 |",
        "| 14 other models | 105.00 |",
        "| **total (17 models)** | **153.00** |",
    ]
    tests = _result(test_seconds={"unique_a": 2.5, "not_null_b": 0.25, "keys_c": 1.0})
    lines = dbt_nodes_table(tests, rows=2, kind="tests").splitlines()
    assert lines[0].startswith("dbt tests of the 5,000-study build (duckdb), slowest first")
    assert lines[2:] == [
        "| test | seconds |",
        "|---|---:|",
        "| unique_a | 2.50 |",
        "| keys_c | 1.00 |",
        "| 1 other tests | 0.25 |",
        "| **total (3 tests)** | **3.75** |",
    ]


def test_a_failed_build_is_reported_with_its_last_stderr_lines(capsys):
    failed = _result(returncode=1, stderr_tail=["Build failed; nothing changed.", "  boom"])
    assert failure_lines(failed)[0] == (
        "build of 5,000 studies failed (exit 1); last lines of its stderr "
        "(/tmp/bench/out/5000/build.stderr):"
    )
    print_report([failed])
    out, err = capsys.readouterr()
    assert err.splitlines()[-2:] == ["  Build failed; nothing changed.", "    boom"]
    assert "| 5,000 | 83.4 MB | duckdb | 9.5 (failed) | 1.3 | 8.2 |" in out
    assert "| **total (17 models)** | **153.00** |" in out


def test_the_server_line_says_how_much_wal_a_build_wrote():
    settings, checkpoints, wal_bytes = pg_server_state()
    assert set(settings) >= {"wal_level", "work_mem"} and checkpoints >= 0
    assert wal_bytes is None or wal_bytes > 0  # pg_stat_wal: PostgreSQL 14 and later
    line = server_line({"wal_level": "replica"}, 3, 7_012_345_678)
    assert line == (
        "PostgreSQL server: wal_level replica; 3 checkpoint(s) during the build, "
        "7.0 GB of WAL written"
    )
    assert server_line({"wal_level": "replica"}, 0).endswith("0 checkpoint(s) during the build")
