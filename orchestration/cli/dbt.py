"""`./warehouse dbt …`: dbt itself, with its profile pointed at the live warehouse."""

from __future__ import annotations

import os
import subprocess
import sys

from orchestration.cli.common import CliError, warehouse_store

# dbt commands that write into the database they run against: on the live warehouse that is a
# change no check saw, no build recorded and no rollback undoes (and, on DuckDB, a write to the
# file readers have open). `./warehouse build` is how the warehouse changes.
WRITING_COMMANDS = ("build", "run", "seed", "snapshot", "run-operation", "clone", "retry")


def dbt(args: list[str]) -> int:
    """dbt with the profile pointed at the live warehouse, artifacts in target/cli (or the
    DBT_TARGET_PATH the user set); commands that would write into it are refused."""
    command = next((arg for arg in args if not arg.startswith("-")), None)
    if command in WRITING_COMMANDS:
        raise CliError(
            f"`dbt {command}` would write into the live warehouse outside a build (no checks, no "
            "record, no rollback); run `./warehouse build`. Commands that read work: docs, "
            "compile, show, ls, test, parse, debug"
        )
    from orchestration.dbt.project import dbt_env, dbt_executable
    from orchestration.settings import DBT_PROJECT_DIR

    store = warehouse_store()
    live_env = {"CTW_DBT_SCHEMA_SUFFIX": ""}  # the store's build env, pointed at the live one
    if store.target == "duckdb":
        live_env["CTW_DBT_DUCKDB_PATH"] = str(store.live)
        # read-only: readers (./warehouse sql, read_mart, a build's look at the live build)
        # keep opening the file while dbt docs or tests run
        live_env["CTW_DBT_DUCKDB_ACCESS_MODE"] = "read_only"
    env = {
        **os.environ,
        **dbt_env({**store.dbt_env(), **live_env}),
        "DBT_TARGET_PATH": os.environ.get("DBT_TARGET_PATH")
        or str(DBT_PROJECT_DIR / "target" / "cli"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # no colour codes into a pipe or a log file (a user's own setting still wins)
        "DBT_USE_COLORS": os.environ.get("DBT_USE_COLORS")
        or ("true" if sys.stdout.isatty() else "false"),
        # the project's profile (a --profiles-dir given on the command line still wins); as the
        # environment, not an argument, so that `dbt --version` and `dbt --help` work too
        "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
    }
    return subprocess.call([dbt_executable(), *args], cwd=DBT_PROJECT_DIR, env=env)
