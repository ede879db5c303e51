"""dbt in the CLI's own process must let go of the build's DuckDB file when it finishes; dbt's
unit tests run here, in the test suite, not in every build."""

import json
import subprocess
import sys
import textwrap

import pytest

from tests.helpers import cli_env

SCRIPT = textwrap.dedent(
    """
    import io, subprocess, sys
    from pathlib import Path
    from orchestration.aact.source_config import AactSourceConfig
    from orchestration.warehouse.build import build_warehouse
    from orchestration.ctgov.config import CtgovSelection
    from orchestration.warehouse.stores import WarehouseConfig

    warehouse = WarehouseConfig.from_settings()
    store = warehouse.store()
    store.lock().acquire()
    result = build_warehouse(
        ("aact",), AactSourceConfig.from_settings(), CtgovSelection(Path("unused"), {}),
        warehouse, Path(sys.argv[1]), io.StringIO(), on_phase=lambda text: None,
    )
    assert result.published, result.failures
    # nothing in this process still holds the published file open (dbt-duckdb caches its
    # database; a held write lock makes readers of the live warehouse fail)
    import os
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            held.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass
    print(sorted(h for h in held if h.endswith(".duckdb")))
    """
)


@pytest.fixture(scope="module")
def in_process_build(tmp_path_factory):
    """The sample built by build_warehouse in a fresh process: (its env, its dbt folder, its
    output)."""
    tmp_path = tmp_path_factory.mktemp("in_process")
    env = cli_env({"CTW_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb")}, tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "dbt")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return env, tmp_path / "dbt", done.stdout


def test_the_live_file_is_readable_by_others_right_after_an_in_process_build(in_process_build):
    _, _, stdout = in_process_build
    assert stdout.strip() == "[]", stdout


def test_unit_tests_run_in_the_suite_and_not_in_each_build(in_process_build):
    env, dbt_runs, _ = in_process_build
    (build_dir,) = [p for p in dbt_runs.iterdir() if p.is_dir()]
    manifest = json.loads((build_dir / "manifest.json").read_text())
    unit_tests = sorted(node["name"] for node in manifest["unit_tests"].values())
    assert len(unit_tests) >= 5, unit_tests
    built = json.loads((build_dir / "run_results.json").read_text())["results"]
    assert [r["unique_id"] for r in built if r["unique_id"].startswith("unit_test.")] == []
    assert any(r["unique_id"].startswith("test.") for r in built)  # data tests still run

    done = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "dbt", "test", "--select", "test_type:unit"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert f"PASS={len(unit_tests)} " in done.stdout, done.stdout[-2000:]
    assert "ERROR=0 " in done.stdout and f"TOTAL={len(unit_tests)}" in done.stdout
