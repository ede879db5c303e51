"""Where an API v2 record departs from the API's own types, by field path and value
(`derivedSection.conditionBrowseModule.meshes[0]: expected an object, got 'D000001'`).

The types are ClinicalTrials.gov's own OpenAPI description of API v2 (`api_v2_schemas.json`: the
`components.schemas` of ctg-oas-v2.yaml, version 2.0.3, converted to JSON). The flattener asks
only about a record it could not flatten, so a good record costs nothing, and a bad one is named
by what is wrong in it rather than by a Python error."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMAS_FILE = Path(__file__).with_name("api_v2_schemas.json")
STUDY = {"$ref": "#/components/schemas/Study"}
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}
NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
}
EXCERPT_CHARS = 60


@cache
def _schemas() -> dict[str, Any]:
    return json.loads(SCHEMAS_FILE.read_text(encoding="utf-8"))["schemas"]


def _resolved(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = _schemas()[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def type_mismatches(record: Any, limit: int = 3) -> list[str]:
    """The first `limit` values of `record` whose JSON type is not the one API v2 declares for
    their field (a null is never one: the API leaves fields out or empty)."""
    found: list[str] = []
    _walk(record, STUDY, "", found, limit)
    return found


def _walk(value: Any, schema: dict[str, Any], path: str, found: list[str], limit: int) -> None:
    if len(found) >= limit or value is None:
        return
    schema = _resolved(schema)
    kind = schema.get("type")
    if kind in JSON_TYPES and not _is(value, kind):
        found.append(f"{path or 'the record'}: expected {NAMES[kind]}, got {_excerpt(value)}")
        return
    if isinstance(value, dict):
        for key, field in schema.get("properties", {}).items():
            if key in value:
                _walk(value[key], field, f"{path}.{key}" if path else key, found, limit)
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _walk(item, schema["items"], f"{path}[{index}]", found, limit)


def _is(value: Any, kind: str) -> bool:
    if isinstance(value, bool):  # JSON's true/false is no number
        return kind == "boolean"
    return isinstance(value, JSON_TYPES[kind])


def _excerpt(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
