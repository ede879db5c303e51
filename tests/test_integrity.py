"""AACT's own integrity rules, as dbt tests on the staging of every source: primary keys
unique and not null, every child row's study in studies, and each foreign key AACT declares
(`foreign_keys.json`) between tables and columns the warehouse loads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from orchestration.aact.schema import RAW_TABLES, aact_tables
from orchestration.settings import DBT_PROJECT_DIR
from orchestration.sources import study_sources

FOREIGN_KEYS = Path(__file__).parent / "fixtures" / "aact" / "foreign_keys.json"
SHAPE_YAML = DBT_PROJECT_DIR / "models" / "staging" / "_aact_shaped__models.yml"
REGISTRIES = [source.name for source in study_sources()]
# the shape's foreign-key tests name the parent of the model under test's own registry
SAME_REGISTRY = re.compile(
    r"ref\(model\.file_key_name\.split\('\.'\)\[1\]\.split\('__'\)\[0\] ~ '__(\w+)'\)"
)


def staging_tests(source: str) -> dict[tuple[str, str], list]:
    """(model, column) → the data tests the staging YAML declares for `source`'s models."""
    tests = {}
    for model in yaml.safe_load(SHAPE_YAML.read_text())["models"]:
        if model["name"].startswith(f"stg_{source}__"):
            for column in model.get("columns", []):
                tests[(model["name"], column["name"])] = column.get("data_tests", [])
    return tests


def relationship_targets(tests: list, source: str) -> list[str]:
    """The models a column's relationships tests reach, as `ref('<model>')`."""
    targets = [
        t["relationships"]["arguments"]["to"]
        for t in tests
        if isinstance(t, dict) and "relationships" in t
    ]
    return [SAME_REGISTRY.sub(rf"ref('stg_{source}__\1')", target) for target in targets]


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


@pytest.mark.parametrize("source", REGISTRIES)
def test_every_declared_foreign_key_between_loaded_tables_is_tested(source):
    tests = staging_tests(source)
    keys = loaded_foreign_keys()
    assert len(keys) == 11
    for fk in keys:
        child = f"stg_{source}__{fk['child_table']}"
        parent = f"ref('stg_{source}__{fk['parent_table']}')"
        assert parent in relationship_targets(tests[(child, fk["child_column"])], source), fk


@pytest.mark.parametrize("source", REGISTRIES)
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
                tests[(model, "nct_id")], source
            ), model
