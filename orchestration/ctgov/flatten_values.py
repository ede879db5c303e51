"""The pieces every table of the API v2 flattener shares: stable row ids, AACT's value
conversions, typing a row to its DDL columns, and the record's sections (see flatten.py)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from orchestration.ctgov.records import (
    aact_date,
    check_record,
)
from orchestration.raw.layouts import table_columns

Row = dict[str, Any]

# AACT stores booleans sent into text columns the way Rails casts them.
_RAILS_TEXT_BOOL = {True: "t", False: "f"}
_TRUE_WORDS = frozenset({"y", "yes", "true", "t", "1"})
_FALSE_WORDS = frozenset({"n", "no", "false", "f", "0"})
_INT_PREFIX = re.compile(r"\s*[+-]?\d+")
_FLOAT_PREFIX = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
INVESTIGATOR_ROLE = re.compile(r"investigator|study.chair", re.I)


# --- ids, values and typing -----------------------------------------------------------------


def row_id(table: str, nct_id: str, *path: object) -> int:
    """A stable positive bigint for a row: the same (table, study, ordinal path) → the same id."""
    key = "\x1f".join([table, nct_id, *map(str, path)]).encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") >> 1


def as_int(value: Any) -> int | None:
    """Rails' integer cast (the API sends counts as strings); no digits → None, not 0."""
    if isinstance(value, bool):
        return int(value)  # Rails casts true/false to 1/0
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    match = _INT_PREFIX.match(str(value))
    return int(match.group()) if match else None


def as_float(value: Any) -> float | None:
    """Rails' float cast (a numeric prefix); no number at all → None rather than Ruby's 0.0."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except ValueError:
        match = _FLOAT_PREFIX.match(str(value))
        return float(match.group()) if match else None


def as_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    return True if word in _TRUE_WORDS else False if word in _FALSE_WORDS else None


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return _RAILS_TEXT_BOOL[value]
    return str(value)


def _as_date(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return aact_date(str(value))


def _as_timestamp(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))


_CASTS: dict[str, Callable[[Any], Any]] = {
    "text": _as_text,
    "integer": as_int,
    "float": as_float,
    "boolean": as_bool,
    "date": _as_date,
    "timestamp": _as_timestamp,
}


def typed_row(table: str, nct_id: str, values: Row) -> Row:
    """Exactly the DDL's columns of `table` (missing → None), each cast to its column kind."""
    row = {c.name: _CASTS[c.kind](values.get(c.name)) for c in table_columns(table)}
    if "nct_id" in row:
        row["nct_id"] = nct_id
    return row


def dig(node: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def as_list(value: Any) -> list:
    """AACT treats a single object where a list is expected as a list of one."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def downcase(value: Any) -> str | None:
    return value.lower() if isinstance(value, str) else None


# --- the record -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyRecord:
    nct_id: str
    protocol: dict
    derived: dict
    results: dict
    annotation: dict
    documents: dict

    def id(self, table: str, *path: object) -> int:
        return row_id(table, self.nct_id, *path)


def study_record(study: Any, position: object) -> StudyRecord:
    nct_id = check_record(study, position)
    return StudyRecord(
        nct_id=nct_id,
        protocol=study.get("protocolSection") or {},
        derived=study.get("derivedSection") or {},
        results=study.get("resultsSection") or {},
        annotation=study.get("annotationSection") or {},
        documents=study.get("documentSection") or {},
    )
