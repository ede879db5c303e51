"""The project's own DuckDB materializations (dbt_project/macros/materializations): one
statement per view, one transaction per table, contracts enforced as dbt's own do. Run by dbt
on a small project of its own that uses them, against a DuckDB file."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import duckdb

from orchestration.dbt.runner import close_duckdb_environment
from orchestration.settings import DBT_PROJECT_DIR

MATERIALIZATIONS = DBT_PROJECT_DIR / "macros" / "materializations"

CONTRACT = """
version: 2
models:
  - name: trials
    config:
      contract: {enforced: true}
    columns:
      - name: nct_id
        data_type: varchar
        constraints: [{type: not_null}]
      - name: enrollment
        data_type: bigint
"""


def make_project(root: Path, trials_sql: str) -> Path:
    (root / "models").mkdir(parents=True, exist_ok=True)
    (root / "dbt_project.yml").write_text(
        textwrap.dedent(
            f"""
            name: materializations_check
            version: "1.0"
            profile: check
            macro-paths: ["{MATERIALIZATIONS}"]
            """
        )
    )
    (root / "profiles.yml").write_text(
        textwrap.dedent(
            f"""
            check:
              target: duckdb
              outputs:
                duckdb: {{type: duckdb, path: "{root / "check.duckdb"}", threads: 1}}
            """
        )
    )
    write_trials(root, trials_sql)
    (root / "models" / "trial_ids.sql").write_text(
        "{{ config(materialized='view') }} select nct_id from {{ ref('trials') }}"
    )
    (root / "models" / "_models.yml").write_text(CONTRACT)
    return root


def write_trials(root: Path, sql: str) -> None:
    (root / "models" / "trials.sql").write_text("{{ config(materialized='table') }} " + sql)


def dbt_build(root: Path):
    from dbt.cli.main import dbtRunner

    saved = os.getcwd()
    os.chdir(root)
    try:
        return dbtRunner().invoke(
            ["build", "--project-dir", str(root), "--profiles-dir", str(root), "--quiet"]
        )
    finally:
        os.chdir(saved)
        close_duckdb_environment()  # dbt-duckdb keeps the file open past the run


def table_and_views(root: Path) -> tuple[list, list, list]:
    with duckdb.connect(str(root / "check.duckdb"), read_only=True) as con:
        types = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_name = 'trials' order by ordinal_position"
        ).fetchall()
        kinds = con.execute(
            "select table_name, table_type from information_schema.tables order by 1"
        ).fetchall()
        rows = con.execute("select * from trial_ids order by 1").fetchall()
    return types, kinds, rows


def test_a_contracted_table_and_a_view_build_and_rebuild_over_what_is_there(tmp_path):
    root = make_project(
        tmp_path,
        "select 'NCT00000001' as nct_id, 12::bigint as enrollment union all select 'NCT2', 3",
    )
    assert dbt_build(root).success
    types, kinds, rows = table_and_views(root)
    assert types == [("nct_id", "VARCHAR"), ("enrollment", "BIGINT")]  # the contract's types
    assert kinds == [("trial_ids", "VIEW"), ("trials", "BASE TABLE")]
    assert rows == [("NCT00000001",), ("NCT2",)]
    # built again over the existing table and view (a rerun in the same file)
    write_trials(root, "select 'NCT3' as nct_id, 1::bigint as enrollment")
    assert dbt_build(root).success
    assert table_and_views(root)[2] == [("NCT3",)]


def test_a_table_that_breaks_its_contract_fails_and_leaves_the_old_one(tmp_path):
    root = make_project(tmp_path, "select 'NCT1' as nct_id, 5::bigint as enrollment")
    assert dbt_build(root).success
    write_trials(root, "select 'NCT9' as nct_id, 'many' as enrollment")
    result = dbt_build(root)
    assert not result.success
    failed = [r for r in result.result.results if r.node.name == "trials"][0]
    assert "contract" in failed.message.lower() and "enrollment" in failed.message
    assert table_and_views(root)[2] == [("NCT1",)]  # the old table is still there
    # a NULL in a not_null column: DuckDB refuses the insert, the old rows stay
    write_trials(root, "select null::varchar as nct_id, 1::bigint as enrollment")
    assert not dbt_build(root).success
    assert table_and_views(root)[2] == [("NCT1",)]
