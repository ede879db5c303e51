"""The trial sheet (CTW_CTRP_TRIALS): what a CTRP registration needs that the registry does not
know, one entry per NCT id, kept by the trial office in YAML.

The sheet is checked whole before anything is written: an unknown key, a bad NCT id, a badly
formed PO/CTEP/NCI id or a value outside CTRP's vocabulary is an error naming the file, the
entry and the key. Values that are merely missing are not errors here: the document that needs
them is blocked, naming the element (orchestration/ctrp/documents.py).

    NCT04267848:
      mode: complete                    # abbreviated | complete
      nci_id: NCI-2020-01234            # once CTRP has given one (else taken from submissions)
      lead_organization: po:181802      # po:<PO id> or ctep:<CTEP id>
      principal_investigator: ctep:JDOE01
      funding_sponsor: po:181802
      category: Externally Peer-Reviewed
      accrual_disease_terminology: ICD10
      nci_grant: {funding_mechanism: P30, nih_institution_code: CA, serial_number: "016087",
                  nci_division_program_code: OD}
      ind_ide: [{type: IND, number: "123456", grantor: CDER, holder_type: Investigator}]
      program_code: PG00001
      trial_owners: [owner@example.org]
      documents: {protocol: docs/protocol.pdf, irb_approval: docs/irb.pdf,
                  informed_consent: docs/consent.pdf}
      overrides: {primary_purpose: Treatment, status_date: 2024-01-15, why_stopped: …,
                  amendment_date: 2024-02-01}

Document paths are relative to the sheet's folder. An optional `defaults:` mapping (the keys
of an entry) gives values every entry has unless it sets its own, such as the lead organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Grant:
    funding_mechanism: str
    nih_institution_code: str
    serial_number: str
    nci_division_program_code: str
    funding_percentage: float | None = None


@dataclass(frozen=True)
class IndIde:
    type: str  # IND | IDE
    number: str
    grantor: str
    holder_type: str
    nih_institution: str | None = None
    nci_division_program_code: str | None = None
    expanded_access: bool = False
    expanded_access_type: str | None = None
    exempt: bool = False


@dataclass(frozen=True)
class Documents:
    protocol: Path | None = None
    irb_approval: Path | None = None
    informed_consent: Path | None = None
    other: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Overrides:
    primary_purpose: str | None = None
    status_date: date | None = None
    why_stopped: str | None = None
    amendment_date: date | None = None


@dataclass(frozen=True)
class TrialEntry:
    nct_id: str
    mode: str
    nci_id: str | None = None
    lead_organization: PartyId | None = None
    principal_investigator: PartyId | None = None
    funding_sponsor: PartyId | None = None
    category: str | None = None
    accrual_disease_terminology: str | None = None
    nci_grants: tuple[Grant, ...] = ()
    ind_ide: tuple[IndIde, ...] = ()
    program_code: str | None = None
    trial_owners: tuple[str, ...] = ()
    documents: Documents = field(default_factory=Documents)
    overrides: Overrides = field(default_factory=Overrides)


@dataclass(frozen=True)
class TrialSheet:
    path: Path
    entries: tuple[TrialEntry, ...]

    def entry(self, nct_id: str) -> TrialEntry | None:
        return next((e for e in self.entries if e.nct_id == nct_id), None)


class _Problems:
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


DEFAULTS = "defaults"
ENTRY_KEYS = (
    "mode",
    "nci_id",
    "lead_organization",
    "principal_investigator",
    "funding_sponsor",
    "category",
    "accrual_disease_terminology",
    "nci_grant",
    "ind_ide",
    "program_code",
    "trial_owners",
    "documents",
    "overrides",
)
GRANT_KEYS = (
    "funding_mechanism",
    "nih_institution_code",
    "serial_number",
    "nci_division_program_code",
    "funding_percentage",
)
IND_IDE_KEYS = (
    "type",
    "number",
    "grantor",
    "holder_type",
    "nih_institution",
    "nci_division_program_code",
    "expanded_access",
    "expanded_access_type",
    "exempt",
)
DOCUMENT_KEYS = ("protocol", "irb_approval", "informed_consent", "other")
OVERRIDE_KEYS = ("primary_purpose", "status_date", "why_stopped", "amendment_date")


def read_sheet(path: Path | str) -> TrialSheet:
    """The trial sheet at `path`, checked whole; SheetError lists every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SheetError(f"{path}: cannot read the trial sheet: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SheetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        document = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        problem = getattr(exc, "problem", None) or str(exc)
        raise SheetError(f"{path}: {where}: {problem}") from None
    if document is None:
        return TrialSheet(path, ())
    if not isinstance(document, dict):
        raise SheetError(
            f"{path}: expected a mapping of NCT ids to entries, found a {_kind(document)}"
        )
    problems = _Problems(path)
    defaults = document.pop(DEFAULTS, None) or {}
    if not isinstance(defaults, dict):
        problems.add(DEFAULTS, f"expected a mapping of keys, found a {_kind(defaults)}")
        defaults = {}
    for key in defaults:
        if key not in ENTRY_KEYS:
            problems.add(DEFAULTS, f"{key}: unknown key (known: {', '.join(ENTRY_KEYS)})")
    entries = []
    for nct_id, raw in document.items():
        if isinstance(raw, dict):
            raw = {**{k: val for k, val in defaults.items() if k in ENTRY_KEYS}, **raw}
        entry = _entry(problems, path.parent, nct_id, raw)
        if entry is not None:
            entries.append(entry)
    if problems.lines:
        raise SheetError("\n".join(problems.lines))
    return TrialSheet(path, tuple(sorted(entries, key=lambda e: e.nct_id)))


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "text"}.get(type(value), type(value).__name__)


def _entry(problems: _Problems, base: Path, nct_id: Any, raw: Any) -> TrialEntry | None:
    if not isinstance(nct_id, str) or not v.NCT_ID.fullmatch(nct_id):
        problems.add(repr(nct_id), "not an NCT id (NCT followed by 8 digits)")
        return None
    if not isinstance(raw, dict):
        problems.add(nct_id, f"expected a mapping of keys, found a {_kind(raw)}")
        return None
    check = _Checker(problems, nct_id, raw, ENTRY_KEYS)
    mode = check.choice("mode", v.MODES, required=True)
    entry = TrialEntry(
        nct_id=nct_id,
        mode=mode or "",
        nci_id=check.pattern("nci_id", v.NCI_ID, "an NCI id such as NCI-2018-03030"),
        lead_organization=check.party("lead_organization"),
        principal_investigator=check.party("principal_investigator"),
        funding_sponsor=check.party("funding_sponsor"),
        category=check.choice("category", v.enumeration("TrialCategory")),
        accrual_disease_terminology=check.choice(
            "accrual_disease_terminology", v.enumeration("AccrualDiseaseTerminology")
        ),
        nci_grants=tuple(check.records("nci_grant", GRANT_KEYS, _grant)),
        ind_ide=tuple(check.records("ind_ide", IND_IDE_KEYS, _ind_ide)),
        program_code=check.text("program_code"),
        trial_owners=tuple(check.texts("trial_owners", v.EMAIL, "an e-mail address")),
        documents=check.nested("documents", DOCUMENT_KEYS, lambda c: _documents(c, base))
        or Documents(),
        overrides=check.nested("overrides", OVERRIDE_KEYS, _overrides) or Overrides(),
    )
    return entry if check.ok else None


class _Checker:
    """Reads the keys of one mapping of the sheet; every problem names entry and key."""

    def __init__(self, problems: _Problems, where: str, raw: dict, known: tuple[str, ...]):
        self.problems, self.where, self.raw, self.ok = problems, where, raw, True
        for key in raw:
            if key not in known:
                self.fail(str(key), f"unknown key (known: {', '.join(known)})")

    def fail(self, key: str, message: str) -> None:
        self.ok = False
        self.problems.add(self.where, f"{key}: {message}")

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

    def party(self, key: str) -> PartyId | None:
        value = self.text(key)
        if value is None:
            return None
        for kind, regex in (("po", v.PO_ID), ("ctep", v.CTEP_ID)):
            match = regex.fullmatch(value)
            if match:
                return PartyId(kind, match.group(1))
        self.fail(key, f"{value!r} is not po:<PO id, digits> or ctep:<CTEP id>")
        return None

    def flag(self, key: str) -> bool:
        value = self.value(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, found {value!r}")
            return False
        return value

    def day(self, key: str) -> date | None:
        value = self.value(key)
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

    def nested(self, key: str, known: tuple[str, ...], read: Callable[[_Checker], Any]) -> Any:
        value = self.value(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping of {', '.join(known)}, found a {_kind(value)}")
            return None
        inner = _Checker(self.problems, f"{self.where}: {key}", value, known)
        result = read(inner)
        self.ok = self.ok and inner.ok
        return result

    def records(self, key: str, known: tuple[str, ...], read: Callable[[_Checker], Any]) -> list:
        value = self.value(key)
        items = [] if value is None else value if isinstance(value, list) else [value]
        results = []
        for number, item in enumerate(items, 1):
            where = f"{self.where}: {key}" + (f" #{number}" if len(items) > 1 else "")
            if not isinstance(item, dict):
                self.fail(key, f"expected a mapping of {', '.join(known)}, found a {_kind(item)}")
                continue
            inner = _Checker(self.problems, where, item, known)
            result = read(inner)
            self.ok = self.ok and inner.ok
            if inner.ok:
                results.append(result)
        return results


def _grant(c: _Checker) -> Grant:
    return Grant(
        funding_mechanism=c.pattern(
            "funding_mechanism", v.FUNDING_MECHANISM, "3 capitals or digits (P30, …)", True
        )
        or "",
        nih_institution_code=c.pattern(
            "nih_institution_code", v.NIH_INSTITUTION_CODE, "2 capitals (CA, …)", True
        )
        or "",
        serial_number=c.pattern("serial_number", v.SERIAL_NUMBER, "digits", True) or "",
        nci_division_program_code=c.choice(
            "nci_division_program_code", v.enumeration("NciDivisionProgramCode"), required=True
        )
        or "",
        funding_percentage=c.number("funding_percentage"),
    )


def _ind_ide(c: _Checker) -> IndIde:
    return IndIde(
        type=c.choice("type", ("IND", "IDE"), required=True) or "",
        number=c.text("number", required=True) or "",
        grantor=c.choice("grantor", v.enumeration("GrantorCode"), required=True) or "",
        holder_type=c.choice("holder_type", v.enumeration("HolderType"), required=True) or "",
        nih_institution=c.choice("nih_institution", v.enumeration("NihInstitutionCode")),
        nci_division_program_code=c.choice(
            "nci_division_program_code", v.enumeration("NciDivisionProgramCode")
        ),
        expanded_access=c.flag("expanded_access"),
        expanded_access_type=c.choice("expanded_access_type", v.enumeration("ExpandedAccessType")),
        exempt=c.flag("exempt"),
    )


def _documents(c: _Checker, base: Path) -> Documents:
    def resolved(text: str | None) -> Path | None:
        return None if text is None else (base / Path(text).expanduser()).resolve()

    other = c.value("other")
    others = [] if other is None else other if isinstance(other, list) else [other]
    return Documents(
        protocol=resolved(c.text("protocol")),
        irb_approval=resolved(c.text("irb_approval")),
        informed_consent=resolved(c.text("informed_consent")),
        other=tuple(resolved(str(item)) for item in others if str(item).strip()),
    )


def _overrides(c: _Checker) -> Overrides:
    return Overrides(
        primary_purpose=c.choice("primary_purpose", v.enumeration("PrimaryPurpose")),
        status_date=c.day("status_date"),
        why_stopped=c.text("why_stopped"),
        amendment_date=c.day("amendment_date"),
    )
