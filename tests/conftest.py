"""Shared test fixtures: the bundled AACT sample, a throw-away PostgreSQL database, the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from orchestration.aact.schema import DDL_PATH, RAW_TABLES
from orchestration.settings import REPO_ROOT, SAMPLE_AACT_DIR

PG_ADMIN = os.environ.get(
    "CTW_TEST_PG_ADMIN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
)

# What the bundled sample (24 studies) must produce, on every target and from every source.
SAMPLE_ROW_COUNTS = {
    "studies": 24,
    "conditions": 94,
    "interventions": 67,
    "browse_conditions": 0,
    "browse_interventions": 172,
    "design_groups": 51,
    "design_group_interventions": 106,
    "result_groups": 150,
    "outcomes": 137,
    "outcome_measurements": 0,
    "outcome_analyses": 187,
    "outcome_analysis_groups": 375,
    "countries": 0,
    "sponsors": 51,
}
EXPECTED_DRUG_DISEASE_PAIRS = 218
EXPECTED_OUTCOME_SUMMARY_ROWS = 128


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_AACT_DIR


@pytest.fixture
def pg_database():
    """A new, empty PostgreSQL database; dropped afterwards. Yields its conninfo."""
    name = f"ctw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conninfo = re.sub(r"dbname=\S+", f"dbname={name}", PG_ADMIN)
    try:
        yield {"conninfo": conninfo, "dbname": name}
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def create_aact_schema(conninfo: str, schema: str = "ctgov") -> None:
    """Create AACT's tables (as AACT's own DDL writes them) in `schema`."""
    ddl = DDL_PATH.read_text(encoding="utf-8")
    with psycopg.connect(conninfo) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        for table in RAW_TABLES:
            statement = re.search(rf"CREATE TABLE ctgov_v2\.{table} \(.*?\n\);", ddl, re.S).group(0)
            conn.execute(statement.replace("ctgov_v2.", f"{schema}."))
        # AACT fills these itself; the flat-file export this sample comes from leaves them out.
        conn.execute(
            sql.SQL(
                "ALTER TABLE {t} ALTER COLUMN created_at SET DEFAULT now(), "
                "ALTER COLUMN updated_at SET DEFAULT now()"
            ).format(t=sql.Identifier(schema, "studies"))
        )


def load_flat_files_into_postgres(conninfo: str, folder: Path, schema: str = "ctgov") -> None:
    """COPY every `<table>.txt` of an AACT flat-file folder into `schema` (AACT-style database)."""
    create_aact_schema(conninfo, schema)
    with psycopg.connect(conninfo) as conn:
        for table in RAW_TABLES:
            file = folder / f"{table}.txt"
            if not file.exists():
                continue
            header = file.open(encoding="utf-8").readline().rstrip("\n").split("|")
            copy_sql = sql.SQL(
                "COPY {} ({}) FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER '|')"
            ).format(
                sql.Identifier(schema, table),
                sql.SQL(", ").join(sql.Identifier(c) for c in header),
            )
            with conn.cursor() as cur, cur.copy(copy_sql) as copy:
                copy.write(file.read_bytes())


def run_cli(*args: str, env: dict[str, str], dagster_home: Path) -> subprocess.CompletedProcess:
    """Run `python -m orchestration.cli …` as a user would, with CTW_* settings in `env`."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    (dagster_home / "dagster.yaml").touch()
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith("CTW_") and k != "DAGSTER_HOME"
    }
    full_env.update(env)
    full_env["DAGSTER_HOME"] = str(dagster_home)
    return subprocess.run(
        [sys.executable, "-m", "orchestration.cli", *args],
        cwd=REPO_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
