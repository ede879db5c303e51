"""Reading the trial sheet's YAML so that every problem names the file, the entry, the key and
the value: a loader that refuses a key given twice and keeps dates as text, and a checker that
reads one mapping's keys into typed values, collecting problems instead of stopping at the
first (orchestration/ctrp/sheet.py says what the keys mean)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from orchestration.ctrp import vocabulary as v


class SheetError(ValueError):
    """The sheet cannot be used as it is; one line per problem, each naming entry and key."""


@dataclass(frozen=True)
class PartyId:
    """An organisation or person known to NCI's Person/Organization registry (PO): by PO id
    (CTRP's preferred) or by CTEP id."""

    kind: str  # po | ctep
    value: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class Problems:
    """Collects every problem of the sheet, so one run tells them all."""

    def __init__(self, path: Path):
        self.path = path
        self.lines: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.lines.append(f"{self.path}: {where}: {message}")


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping (PyYAML keeps the last silently) and
    leaves dates as text, so a bad one is reported with its entry and key."""


_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping_without_duplicates(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)  # merge keys (<<: *anchor) first: their values may be overridden
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen and key_node.tag != "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{key!r} is given twice "
                f"(lines {seen[key] + 1} and {key_node.start_mark.line + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=True)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def load_yaml(path: Path) -> Any:
    """The YAML document at `path`; SheetError names the file (and line) when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SheetError(f"{path}: cannot read the trial sheet: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SheetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        problem = getattr(exc, "problem", None) or str(exc)
        raise SheetError(f"{path}: {where}: {problem}") from None


def kind(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "text"}.get(type(value), type(value).__name__)


class Checker:
    """Reads the keys of one mapping of the sheet; every problem names entry and key."""

    def __init__(self, problems: Problems, where: str, raw: dict, known: tuple[str, ...]):
        self.problems, self.where, self.raw, self.ok = problems, where, raw, True
        for key in raw:
            if key not in known:
                self.fail(str(key), f"unknown key (known: {', '.join(known)})")

    def fail(self, key: str, message: str) -> None:
        self.ok = False
        self.problems.add(f"{self.where}: {key}" if self.where else key, message)

    def value(self, key: str, required: bool = False) -> Any:
        value = self.raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(key, "missing")
            return None
        return value

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.value(key, required)
        if value is None:
            return None
        if isinstance(value, bool | dict | list):
            self.fail(key, f"expected text, found {value!r}")
            return None
        return str(value).strip()

    def choice(self, key: str, allowed: tuple[str, ...], required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is not None and value not in allowed:
            self.fail(key, f"{value!r} is not one of {', '.join(allowed)}")
            return None
        return value

    def pattern(self, key: str, regex, expected: str, required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is not None and not regex.fullmatch(value):
            self.fail(key, f"{value!r} is not {expected}")
            return None
        return value

    def party(self, key: str, required: bool = False) -> PartyId | None:
        value = self.text(key, required)
        return None if value is None else self.party_of(key, value)

    def party_of(self, key: str, value: str) -> PartyId | None:
        for party_kind, regex in (("po", v.PO_ID), ("ctep", v.CTEP_ID)):
            match = regex.fullmatch(value)
            if match:
                return PartyId(party_kind, match.group(1))
        self.fail(key, f"{value!r} is not po:<PO id, digits> or ctep:<CTEP id>")
        return None

    def flag(self, key: str) -> bool:
        value = self.optional_flag(key)
        return bool(value)

    def optional_flag(self, key: str) -> bool | None:
        value = self.value(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, found {value!r}")
            return None
        return value

    def day(self, key: str, required: bool = False) -> date | None:
        value = self.value(key, required)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(key, f"{value!r} is not a date (YYYY-MM-DD)")
            return None

    def number(self, key: str) -> float | None:
        value = self.value(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
            self.fail(key, f"expected a percentage above 0 and at most 100, found {value!r}")
            return None
        return float(value)

    def count(self, key: str) -> int | None:
        value = self.value(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(key, f"expected a whole number of 0 or more, found {value!r}")
            return None
        return value

    def texts(self, key: str, regex, expected: str) -> list[str]:
        value = self.value(key)
        items = [] if value is None else value if isinstance(value, list) else [value]
        good = []
        for item in items:
            text = str(item).strip()
            if not regex.fullmatch(text):
                self.fail(key, f"{text!r} is not {expected}")
            else:
                good.append(text)
        return good

    def nested(self, key: str, known: tuple[str, ...], read: Callable[[Checker], Any]) -> Any:
        value = self.value(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping of {', '.join(known)}, found a {kind(value)}")
            return None
        inner = Checker(self.problems, f"{self.where}: {key}", value, known)
        result = read(inner)
        self.ok = self.ok and inner.ok
        return result

    def records(
        self,
        key: str,
        known: tuple[str, ...],
        read: Callable[[Checker], Any],
        name: Callable[[dict], str | None] = lambda item: None,
    ) -> list:
        """A list of mappings (one mapping alone counts as a list of one); each is named by
        `name(item)` in its problems, else by its number when there are several."""
        value = self.value(key)
        items = [] if value is None else value if isinstance(value, list) else [value]
        results = []
        for number, item in enumerate(items, 1):
            if not isinstance(item, dict):
                self.fail(key, f"expected a mapping of {', '.join(known)}, found a {kind(item)}")
                continue
            label = name(item) or (f"#{number}" if len(items) > 1 else None)
            where = f"{self.where}: {key}" + (f" {label}" if label else "")
            inner = Checker(self.problems, where, item, known)
            result = read(inner)
            self.ok = self.ok and inner.ok
            if inner.ok:
                results.append(result)
        return results
