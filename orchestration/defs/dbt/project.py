"""The dbt project: where it is, which dbt runs it, the environment its profile reads, and its
manifest (parsed again only when the project or that environment changed)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration import settings
from orchestration.settings import DBT_PROJECT_DIR

# What dbt's profiles.yml and sources read: the user's settings, resolved (so each default is
# written once, in settings.py), plus where the current build is written (see the stores).
DBT_SETTINGS = (
    "CTW_TARGET",
    "CTW_DUCKDB_MEMORY_LIMIT",
    "CTW_PG_HOST",
    "CTW_PG_PORT",
    "CTW_PG_USER",
    "CTW_PG_PASSWORD",
    "CTW_PG_DATABASE",
    "CTW_RAW_SCHEMA",
)
FINGERPRINT_FILE = "manifest.fingerprint"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_executable() -> str:
    """The dbt installed beside this Python (the venv is not always on PATH)."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


def dbt_env(store_env: dict[str, str]) -> dict[str, str]:
    """Every variable dbt's profile and sources read, for a store's build slot."""
    return {**{name: settings.get(name) for name in DBT_SETTINGS}, **store_env}


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """`values` in os.environ for the duration (dagster-dbt passes os.environ to dbt)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _fingerprint(env: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for path in sorted(DBT_PROJECT_DIR.rglob("*")):
        relative = path.relative_to(DBT_PROJECT_DIR)
        if path.is_file() and relative.parts[0] not in ("target", "logs"):
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    for key in sorted(env):
        digest.update(f"{key}={env[key]}\0".encode())
    return digest.hexdigest()


def prepare_manifest(env: dict[str, str]) -> Path:
    """`dbt parse` when the manifest is missing or older than the project files or settings;
    otherwise nothing (parsing costs seconds on every start)."""
    target = dbt_project.project_dir / dbt_project.target_path
    manifest = dbt_project.manifest_path
    marker = target / FINGERPRINT_FILE
    fingerprint = _fingerprint(env)
    if manifest.exists() and marker.exists() and marker.read_text() == fingerprint:
        return manifest
    completed = subprocess.run(
        [dbt_executable(), "parse", "--quiet", "--profiles-dir", str(DBT_PROJECT_DIR)],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, **env, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            "dbt parse failed:\n" + (completed.stdout + completed.stderr).strip()[-3000:]
        )
    marker.write_text(fingerprint)
    return manifest
