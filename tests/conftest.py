"""Fixtures: the bundled AACT sample, a throw-away PostgreSQL database, what the sample holds."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from orchestration.settings import SAMPLE_AACT_DIR
from tests.helpers import PG_ADMIN, pg_conninfo

# What the bundled sample (41 studies: 24 from AACT, 17 derived from API records) must produce,
# on every target and from every source.
SAMPLE_ROW_COUNTS = {
    "studies": 41,
    "conditions": 113,
    "interventions": 93,
    "browse_conditions": 103,
    "browse_interventions": 196,
    "design_groups": 76,
    "design_group_interventions": 134,
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
EXPECTED_DRUG_DISEASE_PAIRS = 223
EXPECTED_OUTCOME_SUMMARY_ROWS = 268


def _postgres_unreachable() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except psycopg.OperationalError as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN!r}: {str(exc).strip()[:120]}"


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


@pytest.fixture
def pg_database():
    """A new, empty PostgreSQL database; dropped afterwards. Yields its conninfo and name."""
    name = f"ctw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {"conninfo": pg_conninfo(name), "dbname": name}
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
