"""AACT's own layout: the tables of its ctgov_v2 DDL (bundled beside this module), and which of
them the warehouse loads."""

from __future__ import annotations

from pathlib import Path

import yaml

from orchestration.raw.layouts import Column, ddl_tables
from orchestration.settings import DBT_PROJECT_DIR

DDL_PATH = Path(__file__).with_name("ctgov_v2.sql")

# The AACT tables the warehouse loads are the tables of dbt's `aact` source: adding a table is
# one line in that YAML file (any table of AACT's DDL; it loads by name with AACT's columns).
SOURCES_YML = DBT_PROJECT_DIR / "models" / "staging" / "aact" / "_aact__sources.yml"


def _source_tables() -> tuple[str, ...]:
    document = yaml.safe_load(SOURCES_YML.read_text(encoding="utf-8"))
    aact = next(s for s in document["sources"] if s["name"] == "aact")
    return tuple(t["name"] for t in aact["tables"])


RAW_TABLES: tuple[str, ...] = _source_tables()
REQUIRED_TABLES: frozenset[str] = frozenset({"studies"})


def aact_tables() -> dict[str, tuple[Column, ...]]:
    """Every AACT table's columns, from the bundled DDL."""
    return ddl_tables(DDL_PATH)
