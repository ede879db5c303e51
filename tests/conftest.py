"""Fixtures: the bundled AACT sample, a throw-away PostgreSQL database, what the sample holds,
and the sample built once per test session.

A build of the sample costs half a minute (dbt's models and tests), so tests share one, made
once per run even when pytest-xdist's workers run the tests (tests/shared.py):

- `sample_build` (session): the CLI's `build` of the bundled sample into a DuckDB file with the
  default settings (`CTW_TARGET=duckdb`) but the progress pace (`CTW_PROGRESS_SECONDS=0`: every
  change prints a line), done once. Tests that only read it use its `query`, `live` and the
  build's `result` (stdout, stderr); other workers read it at the same time. Never write to its
  folder.
- `built_sample` (per test): a private copy of that build (the live file, its `.builds` folder
  and the DAGSTER_HOME with the build's log), as if the test had just built it: for tests that
  build again, roll back or fail a build against a live warehouse. Same `env`, `home`, `result`.
- `ctrp_live` (session): the sample built with a CTRP trial sheet (tests/ctrp_office.py), for the
  CTRP end-to-end tests.
- `pg_sample_build` (session, marked tests only: use it from tests marked `postgres`): the same
  build into a PostgreSQL database of its own (`env`, `conninfo`, `dbname`, `result`, `query`),
  for tests that only read the marts (e.g. comparing them with `sample_build`'s). Dropped at
  the end of the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from orchestration.settings import SAMPLE_AACT_DIR
from tests import shared
from tests.helpers import (
    PG_ADMIN,
    create_database,
    drop_database,
    duckdb_query,
    pg_conninfo,
    pg_env,
    postgres_query,
    run_cli,
)

# What the bundled sample (41 studies: 24 from AACT, 17 derived from API records) must produce,
# on every target and from every source.
SAMPLE_ROW_COUNTS = {
    "studies": 41,
    "conditions": 113,
    "interventions": 93,
    "intervention_other_names": 7,
    "browse_conditions": 103,
    "browse_interventions": 196,
    "design_groups": 76,
    "design_group_interventions": 134,
    "design_outcomes": 108,
    "result_groups": 337,
    "outcomes": 201,
    "outcome_measurements": 232,
    "outcome_counts": 145,
    "outcome_analyses": 228,
    "outcome_analysis_groups": 457,
    "countries": 23,
    "facilities": 163,
    "sponsors": 83,
    "reported_events": 268,
    "designs": 39,
    "id_information": 23,
    "overall_officials": 13,
    "responsible_parties": 15,
}
EXPECTED_DRUG_DISEASE_PAIRS = 174
EXPECTED_OUTCOME_SUMMARY_ROWS = 268

# In-process builds and code locations read the bundled MeSH, not a developer's own `vocab
# fetch` (data/vocab): the vocabulary directory of the tests is one that holds nothing.
os.environ.setdefault("CTW_VOCAB_DIR", str(Path(tempfile.gettempdir()) / "ctw-tests-no-vocab"))


def _postgres_unreachable() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except psycopg.OperationalError as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN!r}: {str(exc).strip()[:120]}"


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controller, before any worker starts
        shared.start_run()


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        shared.end_run(drop_database)


def pytest_collection_modifyitems(config, items):
    reason = None
    for item in items:
        if "postgres" in item.keywords:
            reason = reason or _postgres_unreachable() or ""
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_AACT_DIR


@contextmanager
def _new_pg_database(name: str | None = None):
    name = create_database(name)
    try:
        yield {"conninfo": pg_conninfo(name), "dbname": name}
    finally:
        drop_database(name)


def completed_as_json(result: subprocess.CompletedProcess) -> dict:
    return {
        "args": list(result.args),
        "returncode": result.returncode,
        "stdout": result.stdout,
        "stderr": result.stderr,
    }


def completed_from_json(done: dict) -> subprocess.CompletedProcess:
    return subprocess.CompletedProcess(
        done["args"], done["returncode"], done["stdout"], done["stderr"]
    )


@pytest.fixture
def pg_database(worker_id):
    """A new, empty PostgreSQL database; dropped afterwards. Yields its conninfo and name.
    Every test of a pytest worker gets the same name, in turn: the name is in dbt's profile, and
    dbt parses the whole project again for each one it has not seen (8 CPU-s a test)."""
    with _new_pg_database(shared.database_name(worker_id)) as database:
        yield database


@dataclass(frozen=True)
class BuiltWarehouse:
    """A DuckDB warehouse built from the sample by `./warehouse build`, with what it printed."""

    live: Path  # <folder>/warehouse.duckdb
    home: Path  # the DAGSTER_HOME the build ran with (logs, dbt artifacts)
    result: subprocess.CompletedProcess  # the build's exit code, stdout and stderr

    @property
    def env(self) -> dict[str, str]:
        """The CTW_* settings it was built with: pass them (plus changes) to `run_cli`."""
        return {"CTW_TARGET": "duckdb", "CTW_DUCKDB_PATH": str(self.live)}

    def query(self, statement: str):
        return duckdb_query(self.live)(statement)


@pytest.fixture(scope="session")
def sample_build() -> BuiltWarehouse:
    def build(folder: Path) -> dict:
        env = {
            "CTW_TARGET": "duckdb",
            "CTW_DUCKDB_PATH": str(folder / "warehouse.duckdb"),
            "CTW_PROGRESS_SECONDS": "0",
        }
        result = run_cli("build", env=env, dagster_home=folder / "home")
        assert result.returncode == 0, result.stderr[-3000:]
        return completed_as_json(result)

    folder, done = shared.once("sample_build", build)
    return BuiltWarehouse(folder / "warehouse.duckdb", folder / "home", completed_from_json(done))


@pytest.fixture
def built_sample(sample_build, tmp_path) -> BuiltWarehouse:
    """A copy of `sample_build` in this test's tmp_path; the links the build made (its kept
    builds, `last_build.log`) point into the copy."""
    source = sample_build.live.parent
    for entry in source.iterdir():
        if entry.is_dir():
            shutil.copytree(entry, tmp_path / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, tmp_path / entry.name)
    for link in tmp_path.rglob("*"):
        if link.is_symlink():
            target = Path(os.readlink(link))
            if target.is_relative_to(source):
                link.unlink()
                link.symlink_to(tmp_path / target.relative_to(source))
    return BuiltWarehouse(tmp_path / sample_build.live.name, tmp_path / "home", sample_build.result)


@dataclass(frozen=True)
class BuiltPostgresWarehouse:
    """A PostgreSQL warehouse built from the sample by `./warehouse build`."""

    dbname: str
    conninfo: str
    result: subprocess.CompletedProcess

    @property
    def env(self) -> dict[str, str]:
        return pg_env(self.dbname)

    def query(self, statement: str):
        return postgres_query(self.conninfo)(statement)


@pytest.fixture(scope="session")
def pg_sample_build():
    def build(folder: Path) -> dict:
        name = create_database()
        shared.keep_database(name)
        result = run_cli("build", env=pg_env(name), dagster_home=folder / "home")
        assert result.returncode == 0, result.stderr[-3000:]
        return {"dbname": name, **completed_as_json(result)}

    _, done = shared.once("pg_sample_build", build)
    name = done["dbname"]
    return BuiltPostgresWarehouse(name, pg_conninfo(name), completed_from_json(done))


@pytest.fixture(scope="session")
def ctrp_live(tmp_path_factory) -> Path:
    from tests.ctrp_office import build_live

    return build_live(tmp_path_factory.mktemp("ctrp"))
