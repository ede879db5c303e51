"""dbt in the CLI's own process must let go of the build's DuckDB file when it finishes; dbt's
unit tests run here, in the test suite, not in every build."""

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from orchestration.dbt.project import environment
from orchestration.dbt.runner import describe_failing_row, node_label
from orchestration.defs.dbt.assets import ensure_manifest
from tests import shared
from tests.helpers import cli_env

SCRIPT = textwrap.dedent(
    """
    import os
    from orchestration.runs import run_build_job
    from orchestration.warehouse.stores import WarehouseConfig

    store = WarehouseConfig.from_settings().store()
    store.lock().acquire()
    run = run_build_job()
    store.lock().release()
    assert run.published, run.failures
    # nothing in this process still holds the published file open (dbt-duckdb caches its
    # database; a held write lock makes readers of the live warehouse fail)
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            held.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass
    print("held:", sorted(h for h in held if h.endswith(".duckdb")))
    """
)


@pytest.fixture(scope="session")
def in_process_build():
    """The sample built by the build_warehouse job in a fresh process, once per test run: (its
    env, its dbt folder, its output)."""

    def build(folder: Path) -> dict:
        env = cli_env({"CTW_DUCKDB_PATH": str(folder / "warehouse.duckdb")}, folder / "home")
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return {"env": env, "stdout": done.stdout}

    folder, done = shared.once("in_process_build", build)
    return done["env"], folder / "home" / "dbt", done["stdout"]


def test_the_live_file_is_readable_by_others_right_after_an_in_process_build(in_process_build):
    _, _, stdout = in_process_build
    assert stdout.strip().splitlines()[-1] == "held: []", stdout[-2000:]


def test_unit_tests_run_in_the_suite_and_not_in_each_build(in_process_build):
    env, dbt_runs, _ = in_process_build
    (build_dir,) = [p for p in dbt_runs.iterdir() if p.is_dir()]
    with environment(env):  # the manifest the build's process parsed for its settings
        manifest = json.loads(ensure_manifest().read_text())
    unit_tests = sorted(node["name"] for node in manifest["unit_tests"].values())
    assert len(unit_tests) >= 5, unit_tests
    # the build writes no dbt artifacts (--no-write-json); its output names every node it ran
    written = sorted(p.name for p in build_dir.iterdir())
    assert not {"manifest.json", "run_results.json", "graph.gpickle"} & set(written), written
    output = (build_dir / "dbt.out").read_text()
    kinds = re.findall(r" START (unit_test|test|sql \w+ model) ", output)
    assert "unit_test" not in kinds
    assert "test" in kinds and "sql table model" in kinds  # data tests still run

    done = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "dbt", "test", "--select", "test_type:unit"],
        env={**env, "DBT_TARGET_PATH": str(dbt_runs.parent / "dbt_cli")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert f"PASS={len(unit_tests)} " in done.stdout, done.stdout[-2000:]
    assert "ERROR=0 " in done.stdout and f"TOTAL={len(unit_tests)}" in done.stdout


def test_a_failing_test_is_named_with_its_model_and_what_it_found():
    assert node_label("table_keys", "model.ctwarehouse.stg_aact__studies") == (
        "table_keys on stg_aact__studies"
    )
    assert node_label("table_keys", "model.ctwarehouse.stg_aact__studies", "table_keys") == (
        "table_keys on stg_aact__studies"
    )
    assert node_label(
        "unique_dim_drugs_drug_key", "model.ctwarehouse.dim_drugs", "unique", "drug_key"
    ) == ("unique on dim_drugs.drug_key")
    assert node_label(
        "accepted_values_stg_aact__studies_overall_status_code__ACTIVE_NOT_RECRUITING__APPROVED",
        "model.ctwarehouse.stg_aact__studies",
        "accepted_values",
        "overall_status_code",
    ) == ("accepted_values on stg_aact__studies.overall_status_code")
    assert node_label("assert_something", None) == "assert_something"  # a singular test
    assert describe_failing_row(("duplicate primary key", "nct_id", "NCT02552212", 2)) == (
        "duplicate primary key: nct_id NCT02552212 (2 rows)"
    )
    assert describe_failing_row(("null primary key condition_id", "condition_id", None, 1)) == (
        "null primary key condition_id (1 row)"
    )
    assert describe_failing_row(("NEW_STATUS", 12)) == "NEW_STATUS, 12"  # accepted_values
    assert describe_failing_row((None,)) == "NULL"


def test_a_step_that_raises_is_reported_by_its_own_error_not_dagsters_wrapper():
    import dagster as dg

    from orchestration.runs import _step_error
    from orchestration.warehouse.builds import WarehouseStateError

    @dg.op
    def publish_warehouse():
        raise WarehouseStateError("no warehouse at /tmp/w.duckdb yet")

    @dg.job
    def build():
        publish_warehouse()

    result = build.execute_in_process(raise_on_error=False)
    (failure,) = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert failure.step_failure_data.error.cls_name == "DagsterExecutionStepExecutionError"
    assert _step_error(failure).endswith("WarehouseStateError: no warehouse at /tmp/w.duckdb yet")
