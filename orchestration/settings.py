"""Paths and environment settings shared by the Dagster code, the CLI and the dbt profile.

Every setting is an environment variable with a default that works offline on the bundled
sample (README, "Configuration").
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
SAMPLE_AACT_DIR = Path(__file__).resolve().parent / "sample" / "aact"
DEFAULT_DUCKDB_PATH = REPO_ROOT / "data" / "warehouse.duckdb"
TARGETS = ("duckdb", "postgres")


def env_default(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def target() -> str:
    value = env_default("CTW_TARGET", "duckdb")
    if value not in TARGETS:
        raise ValueError(f"CTW_TARGET={value!r}: choose one of {', '.join(TARGETS)}")
    return value


def normalize_duckdb_path_env() -> None:
    """Make CTW_DUCKDB_PATH absolute, so dbt (run from dbt_project/) and Python agree."""
    value = os.environ.get("CTW_DUCKDB_PATH", "").strip()
    if value and not Path(value).is_absolute():
        os.environ["CTW_DUCKDB_PATH"] = str(Path(value).resolve())
