"""AACT's own layout: the tables of its ctgov_v2 DDL (bundled beside this module), and which of
them the warehouse loads."""

from __future__ import annotations

from pathlib import Path

from orchestration.raw.layouts import Column, ddl_tables
from orchestration.sources import SOURCES_BY_NAME

DDL_PATH = Path(__file__).with_name("ctgov_v2.sql")

# The AACT tables the warehouse loads (orchestration/sources.py: any table of AACT's DDL; it
# loads by name with AACT's columns).
RAW_TABLES: tuple[str, ...] = SOURCES_BY_NAME["aact"].tables
REQUIRED_TABLES: frozenset[str] = frozenset({"studies"})


def aact_tables() -> dict[str, tuple[Column, ...]]:
    """Every AACT table's columns, from the bundled DDL."""
    return ddl_tables(DDL_PATH)
