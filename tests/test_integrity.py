"""AACT's own integrity rules, as dbt tests on the staging of every source: primary keys
unique and not null, every child row's study in studies, and each foreign key AACT declares
(`foreign_keys.json`) between tables and columns the warehouse loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from orchestration.aact.schema import RAW_TABLES, aact_tables
from orchestration.settings import DBT_PROJECT_DIR

FOREIGN_KEYS = Path(__file__).parent / "fixtures" / "aact" / "foreign_keys.json"


def staging_tests(source: str) -> dict[tuple[str, str], list]:
    """(model, column) → the data tests the staging YAML of `source` declares."""
    path = DBT_PROJECT_DIR / "models" / "staging" / source / f"_{source}__models.yml"
    tests = {}
    for model in yaml.safe_load(path.read_text())["models"]:
        for column in model.get("columns", []):
            tests[(model["name"], column["name"])] = column.get("data_tests", [])
    return tests


def relationship_targets(tests: list) -> list[str]:
    return [
        t["relationships"]["arguments"]["to"]
        for t in tests
        if isinstance(t, dict) and "relationships" in t
    ]


def loaded_foreign_keys() -> list[dict]:
    """AACT's declared foreign keys whose tables and child column the warehouse loads."""
    tables = aact_tables()
    return [
        fk
        for fk in json.loads(FOREIGN_KEYS.read_text())
        if fk["child_table"] in RAW_TABLES
        and fk["parent_table"] in RAW_TABLES
        and fk["child_column"] in {c.name for c in tables[fk["child_table"]]}
    ]


@pytest.mark.parametrize("source", ["aact", "ctgov"])
def test_every_declared_foreign_key_between_loaded_tables_is_tested(source):
    tests = staging_tests(source)
    keys = loaded_foreign_keys()
    assert len(keys) == 11
    for fk in keys:
        child = f"stg_{source}__{fk['child_table']}"
        parent = f"ref('stg_{source}__{fk['parent_table']}')"
        assert parent in relationship_targets(tests[(child, fk["child_column"])]), fk


@pytest.mark.parametrize("source", ["aact", "ctgov"])
def test_every_loaded_table_has_a_tested_key_and_its_studies_exist(source):
    tests = staging_tests(source)
    for table in RAW_TABLES:
        model = f"stg_{source}__{table}"
        keys = [
            column
            for (name, column), declared in tests.items()
            if name == model and {"unique", "not_null"} <= {str(t) for t in declared}
        ]
        assert keys, f"{model}: no column is tested unique and not null"
        if table != "studies":
            assert f"ref('stg_{source}__studies')" in relationship_targets(
                tests[(model, "nct_id")]
            ), model
