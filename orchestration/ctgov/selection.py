"""The user's choice of studies (`CTW_CTGOV_PARAMS`) as ClinicalTrials.gov API v2 query parameters.

The API ignores every filter when a `query.*` parameter holds only NCT ids, so ids combined with
other criteria must travel as `filter.ids` to restrict the result instead of widening it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from urllib.parse import parse_qsl

QUERY_KEYS = (
    "query.cond",
    "query.term",
    "query.intr",
    "query.locn",
    "query.titles",
    "query.outc",
    "query.spons",
    "query.lead",
    "query.id",
)
FILTER_KEYS = ("filter.overallStatus", "filter.geo", "filter.ids", "filter.advanced")
ALLOWED_KEYS = (*QUERY_KEYS, *FILTER_KEYS, "sort")
ID_KEYS = ("query.id", "filter.ids")
NCT_ID = re.compile(r"NCT\d{8}")
ID_SEPARATORS = re.compile(r"[\s,|]+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_selection(selection: str | Mapping[str, str] | None) -> dict[str, str]:
    """API v2 query parameters for a selection given as a URL query string or a mapping."""
    raw = _as_mapping(selection)
    check_keys(raw)
    ids = split_nct_ids(" ".join(raw.get(key, "") for key in ID_KEYS))
    criteria = {key: value for key, value in raw.items() if key not in ID_KEYS}
    return place_ids(criteria, ids)


def check_keys(params: Mapping[str, str]) -> None:
    """Refuse parameters outside the supported set, so a typo cannot silently select everything."""
    for key in params:
        if key not in ALLOWED_KEYS:
            raise ValueError(
                f"unsupported ClinicalTrials.gov selection parameter {key!r}; "
                f"allowed: {', '.join(ALLOWED_KEYS)}"
            )


def split_nct_ids(text: str) -> list[str]:
    """NCT ids from a comma-, space- or pipe-separated list: validated, upper-cased, unique."""
    ids: list[str] = []
    for token in ID_SEPARATORS.split(text.strip()):
        if not token:
            continue
        nct_id = token.upper()
        if not NCT_ID.fullmatch(nct_id):
            raise ValueError(f"invalid NCT id {token!r}: expected NCT followed by 8 digits")
        if nct_id not in ids:
            ids.append(nct_id)
    return ids


def place_ids(criteria: Mapping[str, str], ids: list[str]) -> dict[str, str]:
    """Ids alone search by id (`query.id`); with other criteria they restrict (`filter.ids`)."""
    params = dict(criteria)
    if not ids:
        return params
    has_criteria = any(key != "sort" for key in params)
    params["filter.ids" if has_criteria else "query.id"] = ",".join(ids)
    return params


def with_updated_since(params: Mapping[str, str], since: date | str) -> dict[str, str]:
    """The selection restricted to studies whose last update was posted on or after `since`."""
    clause = f"AREA[LastUpdatePostDate]RANGE[{_iso_date(since)},MAX]"
    updated = dict(params)
    if "query.id" in updated:
        # A query.id holding only ids makes the API ignore filters: move the ids to filter.ids.
        updated["filter.ids"] = updated.pop("query.id")
    existing = updated.get("filter.advanced", "").strip()
    updated["filter.advanced"] = f"({existing}) AND {clause}" if existing else clause
    return updated


def _as_mapping(selection: str | Mapping[str, str] | None) -> dict[str, str]:
    if selection is None:
        return {}
    if isinstance(selection, Mapping):  # config fields: an empty one is a field left unset
        pairs = [(str(key), str(value)) for key, value in selection.items()]
    else:
        pairs = _query_pairs(selection)
    params: dict[str, str] = {}
    for key, value in pairs:
        key, value = key.strip(), value.strip()
        if key in params:
            raise ValueError(f"selection parameter {key!r} given twice")
        if value:
            params[key] = value
    return params


def _query_pairs(text: str) -> list[tuple[str, str]]:
    """`key=value&…` pairs; an item without `=` or without a value is refused, not dropped:
    dropped, `query.cond:pancreatic` or `query.cond=` would select the whole registry."""
    pairs = []
    for item in text.strip().lstrip("?").split("&"):
        if not item.strip():
            continue
        if "=" not in item:
            raise ValueError(
                f"selection item {item.strip()!r} is not key=value (e.g. query.cond=pancreatic)"
            )
        ((key, value),) = parse_qsl(item, keep_blank_values=True)
        if not value.strip():
            raise ValueError(f"selection parameter {key.strip()!r} has no value")
        pairs.append((key, value))
    return pairs


def _iso_date(since: date | str) -> str:
    if isinstance(since, datetime):
        since = since.date()
    text = since.isoformat() if isinstance(since, date) else str(since).strip()
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"invalid date {since!r}: expected YYYY-MM-DD")
    date.fromisoformat(text)  # rejects 2024-02-30
    return text
