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


def staging_keys(source: str) -> dict[str, dict]:
    """Model → the arguments of its `table_keys` test (primary_key, not_null, references) in
    the staging YAML, for `source`'s models; references as `ref('<model>')`."""
    keys = {}
    for model in yaml.safe_load(SHAPE_YAML.read_text())["models"]:
        if not model["name"].startswith(f"stg_{source}__"):
            continue
        for test in model.get("data_tests", []):
            if isinstance(test, dict) and "table_keys" in test:
                arguments = dict(test["table_keys"]["arguments"])
                arguments["references"] = {
                    column: SAME_REGISTRY.sub(rf"ref('stg_{source}__\1')", target)
                    for column, target in (arguments.get("references") or {}).items()
                }
                keys[model["name"]] = arguments
    return keys


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
    keys = staging_keys(source)
    foreign_keys = loaded_foreign_keys()
    assert len(foreign_keys) == 12
    for fk in foreign_keys:
        child = f"stg_{source}__{fk['child_table']}"
        parent = f"ref('stg_{source}__{fk['parent_table']}')"
        assert keys[child]["references"].get(fk["child_column"]) == parent, fk


@pytest.mark.parametrize("source", REGISTRIES)
def test_every_loaded_table_has_a_tested_key_and_its_studies_exist(source):
    keys = staging_keys(source)
    for table in RAW_TABLES:
        model = f"stg_{source}__{table}"
        assert keys.get(model, {}).get("primary_key"), f"{model}: no primary key is tested"
        if table != "studies":
            assert "nct_id" in keys[model]["not_null"], model
            assert keys[model]["references"]["nct_id"] == f"ref('stg_{source}__studies')", model
