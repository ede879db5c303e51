"""Test helpers: run the CLI as a user does, query a warehouse, make AACT-style databases."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import duckdb
import psycopg
from psycopg import sql

from bench.runner import icu_locale_clause
from orchestration.aact.schema import DDL_PATH, RAW_TABLES
from orchestration.settings import REPO_ROOT

PG_ADMIN = os.environ.get(
    "CTW_TEST_PG_ADMIN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
)


def create_database(name: str | None = None, icu_locale: str | None = None) -> str:
    """A new, empty PostgreSQL database for a test (ctw_test_…, or `name`, dropped first if a
    stopped run left it); returns its name. `icu_locale` ("en-US"): text sorted by that ICU
    locale's rules, linguistically as most servers sort, not by the server's default."""
    name = name or f"ctw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(
            sql.SQL("CREATE DATABASE {}{}").format(
                sql.Identifier(name), sql.SQL(icu_locale_clause(icu_locale))
            )
        )
    return name


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def pg_conninfo(dbname: str) -> str:
    return re.sub(r"dbname=\S+", f"dbname={dbname}", PG_ADMIN)


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


def export_like_aact(conninfo: str, schema: str, table: str, target: Path) -> None:
    """Write `schema.table` exactly as AACT writes its flat files:
    `COPY … TO STDOUT WITH DELIMITER '|' CSV HEADER`."""
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur, open(target, "wb") as out:
        query = sql.SQL("COPY {} TO STDOUT WITH DELIMITER '|' CSV HEADER").format(
            sql.Identifier(schema, table)
        )
        with cur.copy(query) as copy:
            for chunk in copy:
                out.write(chunk)


def cli_env(env: dict[str, str], dagster_home: Path) -> dict[str, str]:
    dagster_home.mkdir(parents=True, exist_ok=True)
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith("CTW_") and k != "DAGSTER_HOME"
    }
    # a developer's own `vocab fetch` (data/vocab) stays out of tests: the bundled MeSH, unless
    # the test fetches
    full_env["CTW_VOCAB_DIR"] = str(dagster_home / "vocab")
    full_env.update(env)
    full_env["DAGSTER_HOME"] = str(dagster_home)
    return full_env


def run_cli(
    *args: str, env: dict[str, str], dagster_home: Path, cwd: Path = REPO_ROOT
) -> subprocess.CompletedProcess:
    """Run `python -m orchestration.cli …` as a user would, with CTW_* settings in `env`."""
    return subprocess.run(
        [sys.executable, "-m", "orchestration.cli", *args],
        cwd=cwd,
        env=cli_env(env, dagster_home),
        capture_output=True,
        text=True,
        timeout=600,
    )


def start_cli(
    *args: str, env: dict[str, str], dagster_home: Path, new_session: bool = False
) -> subprocess.Popen:
    """The CLI running; `new_session`: in a process group of its own, as a terminal runs it
    (Ctrl-C there signals the whole group)."""
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", *args],
        cwd=REPO_ROOT,
        env=cli_env(env, dagster_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
    )


def duckdb_query(path):
    def query(statement):
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute(statement).fetchall()

    return query


def postgres_query(conninfo):
    def query(statement):
        with psycopg.connect(conninfo) as conn:
            return conn.execute(statement).fetchall()

    return query


def pg_env(dbname: str) -> dict[str, str]:
    return {
        "CTW_TARGET": "postgres",
        "CTW_PG_HOST": "127.0.0.1",
        "CTW_PG_PORT": "5432",
        "CTW_PG_USER": "postgres",
        "CTW_PG_DATABASE": dbname,
    }


MART_CONTENTS = (
    "select drug_disease_id, drug_name, condition_name, trial_count, max_phase, nct_ids "
    "from marts.fct_drug_disease_associations order by drug_disease_id"
)


def without_study(sample_dir: Path, target: Path, nct_id: str) -> Path:
    """The sample without one study and its rows in every table (a legitimate small change)."""
    shutil.copytree(sample_dir, target)
    for file in target.glob("*.txt"):
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        file.write_text("".join(line for line in lines if nct_id not in line), encoding="utf-8")
    return target


def with_bad_keys(sample_dir: Path, target: Path) -> Path:
    """The sample with a study's row twice (NCT02552212), an outcome of a study that does not
    exist (NCT09999999) and a reported event without its study (nct_id empty: NULL): each must
    stop a build, named, on either target."""
    shutil.copytree(sample_dir, target)
    studies = (target / "studies.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    duplicate = next(line for line in studies if line.startswith("NCT02552212|"))
    (target / "studies.txt").write_text("".join(studies) + duplicate, encoding="utf-8")
    outcomes = (target / "outcomes.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    orphan = outcomes[1].split("|", 2)
    (target / "outcomes.txt").write_text(
        "".join(outcomes) + "|".join(["99999999", "NCT09999999", orphan[2]]), encoding="utf-8"
    )
    events = (target / "reported_events.txt").read_text(encoding="utf-8")
    first = events.splitlines(keepends=True)[1].split("|", 2)
    (target / "reported_events.txt").write_text(
        events + "|".join(["99999999", "", first[2]]), encoding="utf-8"
    )
    return target


BAD_KEY_MESSAGES = (
    "dbt test table_keys on stg_aact__studies: Got 1 result, configured to fail if != 0 "
    "(duplicate primary key: nct_id NCT02552212 (2 rows))",
    "dbt test table_keys on stg_aact__outcomes: Got 1 result, configured to fail if != 0 "
    "(not in stg_aact__studies: nct_id NCT09999999 (1 row))",
    "dbt test table_keys on stg_aact__reported_events: Got 1 result, configured to fail if != 0 "
    "(null nct_id (1 row))",
)
