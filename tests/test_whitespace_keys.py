"""Matching keys collapse the same whitespace on both targets: `macros/collapse_whitespace.sql`
spells out Unicode's White_Space once per engine (`\\s` alone differs: DuckDB's RE2 takes the
ASCII five, PostgreSQL also the vertical tab and the Unicode spaces its locale knows, so a
label with an em space was one condition on PostgreSQL and two on DuckDB)."""

from __future__ import annotations

import re

import duckdb
import psycopg
import pytest

from orchestration.dbt.project import DBT_PROJECT_DIR

MACRO = DBT_PROJECT_DIR / "macros" / "collapse_whitespace.sql"
# Unicode's White_Space property, and characters that look blank but are not spaces
WHITE_SPACE = [*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028,
               0x2029, 0x202F, 0x205F, 0x3000]  # fmt: skip
NOT_SPACE = [0x200B, 0x180E, 0xFEFF]


def whitespace_class(adapter: str) -> str:
    found = re.search(
        rf"macro {adapter}__whitespace\(\) -%\}}\s*\{{\{{ return\('(.+?)'\) \}}\}}",
        MACRO.read_text(),
    )
    assert found, f"{adapter}__whitespace in {MACRO}"
    return found.group(1).replace("\\\\", "\\")  # the Jinja string's escapes, as dbt renders it


def collapsed(query, pattern: str) -> list[str]:
    return [query(f"a{chr(cp)}b", pattern) for cp in WHITE_SPACE + NOT_SPACE]


@pytest.mark.postgres
def test_both_targets_collapse_every_unicode_space_and_only_those(pg_database):
    with duckdb.connect() as con:
        on_duckdb = collapsed(
            lambda text, pattern: con.execute(
                f"select regexp_replace(?, '{pattern}+', ' ', 'g')", [text]
            ).fetchone()[0],
            whitespace_class("duckdb"),
        )
    with psycopg.connect(pg_database["conninfo"]) as conn:
        on_postgres = collapsed(
            lambda text, pattern: conn.execute(
                f"select regexp_replace(%s, '{pattern}+', ' ', 'g')", (text,)
            ).fetchone()[0],
            whitespace_class("postgres"),
        )
    assert on_duckdb == ["a b"] * len(WHITE_SPACE) + [f"a{chr(cp)}b" for cp in NOT_SPACE]
    assert on_postgres == on_duckdb
