"""dbt in the CLI's own process must let go of the build's DuckDB file when it finishes."""

import subprocess
import sys
import textwrap

from tests.helpers import cli_env

SCRIPT = textwrap.dedent(
    """
    import io, subprocess, sys
    from pathlib import Path
    from orchestration.aact.source_config import AactSourceConfig
    from orchestration.warehouse.build import build_warehouse
    from orchestration.warehouse.raw_loads import CtgovSelection
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


def test_the_live_file_is_readable_by_others_right_after_an_in_process_build(tmp_path):
    env = cli_env({"CTW_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb")}, tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "dbt")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", done.stdout
