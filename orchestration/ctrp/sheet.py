"""The trial sheet (CTW_CTRP_TRIALS): what a CTRP registration needs that the registry does not
know, one entry per NCT id, kept by the trial office in YAML.

The sheet is checked whole before anything is written: an unknown key, a bad NCT id, a badly
formed PO/CTEP/NCI id or a value outside CTRP's vocabulary is an error naming the file, the
entry and the key. Values that are merely missing are not errors here: the document that needs
them is blocked, naming the element (orchestration/ctrp/documents.py).

    program_codes: [PG00001, PG00002]   # the center's program codes (checked before sending)
    center_organizations: [po:181802]   # the center's family: program codes count only there
    NCT04267848:
      mode: complete                    # abbreviated | complete
      nci_id: NCI-2020-01234            # once CTRP has given one (else taken from submissions)
      pa_id: 1618195                    # CTRP's PA trial id (else taken from submissions)
      ctep_id: 10152                    # the trial's CTEP / DCP ids, if it has them
      dcp_id: DCP-001
      update_by: nci                    # the id updates and amendments address it by
      lead_organization: po:181802      # po:<PO id> or ctep:<CTEP id>
      principal_investigator: ctep:JDOE01
      funding_sponsor: po:181802
      category: Externally Peer-Reviewed
      accrual_disease_terminology: ICD10
      nci_grant: {funding_mechanism: P30, nih_institution_code: CA, serial_number: "016087",
                  nci_division_program_code: OD}
      ind_ide: [{type: IND, number: "123456", grantor: CDER, holder_type: Investigator}]
      program_code: [PG00001]
      trial_owners: [owner@example.org]
      documents: {protocol: docs/protocol.pdf, irb_approval: docs/irb.pdf,
                  informed_consent: docs/consent.pdf, change_memo: docs/memo.pdf}
      overrides: {primary_purpose: Treatment, status_date: 2024-01-15, why_stopped: …,
                  amendment_date: 2024-02-01, amendment_number: "3"}
      sites:
        - {organization: po:5, local_trial_id: MN000001, status: Active,
           status_date: 2024-01-15, opened_for_accrual: 2024-01-20,
           principal_investigator: po:1, program_code: PG00001, target_accrual: 40}

Document paths are relative to the sheet's folder. An optional `defaults:` mapping (the keys
of an entry) gives values every entry has unless it sets its own, such as the lead organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from orchestration.ctrp import vocabulary as v
from orchestration.ctrp.sheet_checks import (
    Checker,
    PartyId,
    Problems,
    SheetError,
    kind,
    load_yaml,
)

__all__ = ["Center", "PartyId", "SheetError", "Site", "TrialEntry", "TrialSheet", "read_sheet"]


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
    change_memo: Path | None = None  # an amendment needs this or the protocol highlight
    protocol_highlight: Path | None = None


@dataclass(frozen=True)
class Overrides:
    primary_purpose: str | None = None
    status_date: date | None = None
    why_stopped: str | None = None
    amendment_date: date | None = None
    amendment_number: str | None = None
    # CTRP wants a description of each code that is "Other"
    primary_purpose_other: str | None = None
    study_model_other: str | None = None
    time_perspective_other: str | None = None


@dataclass(frozen=True)
class Site:
    """A participating site of the trial (CTRP's ParticipatingSite), keyed by its organisation."""

    organization: PartyId
    status: str | None = None  # RecruitmentStatus
    status_date: date | None = None
    local_trial_id: str | None = None
    principal_investigator: PartyId | None = None
    program_codes: tuple[str, ...] = ()
    target_accrual: int | None = None
    opened_for_accrual: date | None = None
    closed_for_accrual: date | None = None

    @property
    def key(self) -> str:
        return str(self.organization)


@dataclass(frozen=True)
class TrialEntry:
    nct_id: str
    mode: str
    nci_id: str | None = None
    pa_id: str | None = None
    ctep_id: str | None = None
    dcp_id: str | None = None
    update_by: str | None = None  # nci | pa | ctep | dcp
    lead_organization: PartyId | None = None
    principal_investigator: PartyId | None = None
    funding_sponsor: PartyId | None = None
    category: str | None = None
    accrual_disease_terminology: str | None = None
    nci_grants: tuple[Grant, ...] = ()
    ind_ide: tuple[IndIde, ...] = ()
    program_codes: tuple[str, ...] = ()
    trial_owners: tuple[str, ...] = ()
    documents: Documents = field(default_factory=Documents)
    overrides: Overrides = field(default_factory=Overrides)
    sites: tuple[Site, ...] = ()


@dataclass(frozen=True)
class Center:
    """The cancer center's program codes and the organisations of its family, against which
    program codes are checked (None: not given, so not checked)."""

    program_codes: tuple[str, ...] | None = None
    organizations: tuple[PartyId, ...] | None = None


@dataclass(frozen=True)
class TrialSheet:
    path: Path
    entries: tuple[TrialEntry, ...]
    center: Center = field(default_factory=Center)

    def entry(self, nct_id: str) -> TrialEntry | None:
        return next((e for e in self.entries if e.nct_id == nct_id), None)


DEFAULTS = "defaults"
SHEET_KEYS = ("program_codes", "center_organizations")  # the others are NCT ids
ENTRY_KEYS = (
    "mode",
    "nci_id",
    "pa_id",
    "ctep_id",
    "dcp_id",
    "update_by",
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
    "sites",
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
DOCUMENT_KEYS = (
    "protocol",
    "irb_approval",
    "informed_consent",
    "other",
    "change_memo",
    "protocol_highlight",
)
OVERRIDE_KEYS = (
    "primary_purpose",
    "status_date",
    "why_stopped",
    "amendment_date",
    "amendment_number",
    "primary_purpose_other",
    "study_model_other",
    "time_perspective_other",
)
SITE_KEYS = (
    "organization",
    "local_trial_id",
    "status",
    "status_date",
    "opened_for_accrual",
    "closed_for_accrual",
    "principal_investigator",
    "program_code",
    "target_accrual",
)


def read_sheet(path: Path | str) -> TrialSheet:
    """The trial sheet at `path`, checked whole; SheetError lists every problem."""
    path = Path(path)
    document = load_yaml(path)
    if document is None:
        return TrialSheet(path, ())
    if not isinstance(document, dict):
        raise SheetError(
            f"{path}: expected a mapping of NCT ids to entries, found a {kind(document)}"
        )
    problems = Problems(path)
    defaults = document.pop(DEFAULTS, None) or {}
    if not isinstance(defaults, dict):
        problems.add(DEFAULTS, f"expected a mapping of keys, found a {kind(defaults)}")
        defaults = {}
    center = Checker(
        problems, "", {k: document.pop(k) for k in SHEET_KEYS if k in document}, SHEET_KEYS
    )
    program_codes = (
        _program_codes(center, "program_codes") if "program_codes" in center.raw else None
    )
    organizations = None
    if "center_organizations" in center.raw:
        organizations = tuple(_parties(center, "center_organizations"))
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
    entries.sort(key=lambda e: e.nct_id)
    return TrialSheet(path, tuple(entries), Center(program_codes, organizations))


def _entry(problems: Problems, base: Path, nct_id: Any, raw: Any) -> TrialEntry | None:
    if not isinstance(nct_id, str) or not v.NCT_ID.fullmatch(nct_id):
        problems.add(repr(nct_id), "not an NCT id (NCT followed by 8 digits)")
        return None
    if not isinstance(raw, dict):
        problems.add(nct_id, f"expected a mapping of keys, found a {kind(raw)}")
        return None
    check = Checker(problems, nct_id, raw, ENTRY_KEYS)
    mode = check.choice("mode", v.MODES, required=True)
    entry = TrialEntry(
        nct_id=nct_id,
        mode=mode or "",
        nci_id=check.pattern("nci_id", v.NCI_ID, "an NCI id such as NCI-2018-03030"),
        pa_id=check.pattern("pa_id", v.PA_TRIAL_ID, "a PA trial id (digits)"),
        ctep_id=check.pattern("ctep_id", v.TRIAL_ID, _TRIAL_ID),
        dcp_id=check.pattern("dcp_id", v.TRIAL_ID, _TRIAL_ID),
        update_by=_update_by(check, mode),
        lead_organization=check.party("lead_organization"),
        principal_investigator=check.party("principal_investigator"),
        funding_sponsor=check.party("funding_sponsor"),
        category=check.choice("category", v.enumeration("TrialCategory")),
        accrual_disease_terminology=check.choice(
            "accrual_disease_terminology", v.enumeration("AccrualDiseaseTerminology")
        ),
        nci_grants=tuple(check.records("nci_grant", GRANT_KEYS, _grant)),
        ind_ide=tuple(check.records("ind_ide", IND_IDE_KEYS, _ind_ide)),
        program_codes=_program_codes(check, "program_code"),
        trial_owners=tuple(check.texts("trial_owners", v.EMAIL, "an e-mail address")),
        documents=check.nested("documents", DOCUMENT_KEYS, lambda c: _documents(c, base))
        or Documents(),
        overrides=check.nested("overrides", OVERRIDE_KEYS, _overrides) or Overrides(),
        sites=_sites(check),
    )
    return entry if check.ok else None


_TRIAL_ID = "one word of letters, digits, '.', '_' or '-' (it goes into the service's URLs)"


def _update_by(c: Checker, mode: str | None) -> str | None:
    """The id type updates go by; the service takes no DCP id for an abbreviated trial."""
    allowed = v.ABBREVIATED_TRIAL_ID_TYPES if mode == "abbreviated" else v.TRIAL_ID_TYPES
    value = c.choice("update_by", v.TRIAL_ID_TYPES)
    if value is not None and value not in allowed:
        c.fail("update_by", f"{value!r} is not one of {', '.join(allowed)} for an {mode} trial")
        return None
    return value


def _program_codes(c: Checker, key: str) -> tuple[str, ...]:
    """Codes as a list, or as CTRP writes them (`PG1;PG2`)."""
    value = c.value(key)
    items = [] if value is None else value if isinstance(value, list) else [value]
    codes: list[str] = []
    for item in items:
        if isinstance(item, bool | dict | list):
            c.fail(key, f"expected a program code, found {item!r}")
            continue
        for code in str(item).split(";"):
            code = code.strip()
            if not v.PROGRAM_CODE.fullmatch(code):
                c.fail(key, f"{str(item)!r} has an empty program code")
            elif code not in codes:
                codes.append(code)
    return tuple(codes)


def _parties(c: Checker, key: str) -> list[PartyId]:
    value = c.value(key)
    items = [] if value is None else value if isinstance(value, list) else [value]
    return [p for p in (c.party_of(key, str(item).strip()) for item in items) if p is not None]


def _sites(c: Checker) -> tuple[Site, ...]:
    sites = c.records("sites", SITE_KEYS, _site, name=lambda item: item.get("organization"))
    seen: set[str] = set()
    for site in sites:
        if site.key in seen:
            c.fail("sites", f"{site.key} is given twice")
        seen.add(site.key)
    return tuple(sites)


def _site(c: Checker) -> Site:
    return Site(
        organization=c.party("organization", required=True) or PartyId("po", ""),
        local_trial_id=c.text("local_trial_id"),
        status=c.choice("status", v.enumeration("RecruitmentStatus")),
        status_date=c.day("status_date"),
        opened_for_accrual=c.day("opened_for_accrual"),
        closed_for_accrual=c.day("closed_for_accrual"),
        principal_investigator=c.party("principal_investigator"),
        program_codes=_program_codes(c, "program_code"),
        target_accrual=c.count("target_accrual"),
    )


def _grant(c: Checker) -> Grant:
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


def _ind_ide(c: Checker) -> IndIde:
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


def _documents(c: Checker, base: Path) -> Documents:
    def resolved(text: str | None) -> Path | None:
        return None if text is None else (base / Path(text).expanduser()).resolve()

    other = c.value("other")
    others = [] if other is None else other if isinstance(other, list) else [other]
    return Documents(
        protocol=resolved(c.text("protocol")),
        irb_approval=resolved(c.text("irb_approval")),
        informed_consent=resolved(c.text("informed_consent")),
        other=tuple(resolved(str(item)) for item in others if str(item).strip()),
        change_memo=resolved(c.text("change_memo")),
        protocol_highlight=resolved(c.text("protocol_highlight")),
    )


def _overrides(c: Checker) -> Overrides:
    return Overrides(
        primary_purpose=c.choice("primary_purpose", v.enumeration("PrimaryPurpose")),
        status_date=c.day("status_date"),
        why_stopped=c.text("why_stopped"),
        amendment_date=c.day("amendment_date"),
        amendment_number=c.text("amendment_number"),
        primary_purpose_other=c.text("primary_purpose_other"),
        study_model_other=c.text("study_model_other"),
        time_perspective_other=c.text("time_perspective_other"),
    )
