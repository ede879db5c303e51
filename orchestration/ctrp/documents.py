"""CTRP documents for the entries of the trial sheet: which operation each trial needs, the XML
of it (elements in ws.xsd's order), and why a document cannot be sent yet.

The operation follows from what is known: an abbreviated trial without an NCI id is registered
from ClinicalTrials.gov by its NCT id (a POST without a body); a complete one is registered with
a CompleteTrialRegistration; once CTRP has given an NCI id (in the sheet, or confirmed by a
submission) the trial is updated (or amended, when the sheet gives an amendment date) by that
id. Trials already in ClinicalTrials.gov must not be uploaded there again by CTRP, so documents
say `clinicalTrialsDotGovXmlRequired` false and leave out what only that upload needs (sponsor,
responsible party, regulatory information).

A document is blocked, with one problem per missing or unusable element naming the NCT id and
the element, when the study is not in the warehouse, an id or a document is missing, a length
limit is exceeded, or CTRP cannot take the study; it is invalid when the XML fails the schema.
"""

from __future__ import annotations

import base64
import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.ctrp import vocabulary as v
from orchestration.ctrp.fields import MART, TrialFields, with_overrides
from orchestration.ctrp.sheet import Grant, IndIde, PartyId, TrialEntry
from orchestration.ctrp.validate import NAMESPACE, validate_bytes

ET.register_namespace("tns", NAMESPACE)

READY, BLOCKED, INVALID = "ready", "blocked", "invalid"
STATUSES = (READY, BLOCKED, INVALID)

# operation: (root element or None for no body, HTTP method, URL path template)
OPERATIONS = {
    "abbreviated_registration": (None, "POST", "/trials/abbreviated/{nct_id}"),
    "abbreviated_update": ("AbbreviatedTrialUpdate", "POST", "/trials/abbreviated/nci/{nci_id}"),
    "complete_registration": ("CompleteTrialRegistration", "POST", "/trials/complete"),
    "complete_update": ("CompleteTrialUpdate", "POST", "/trials/complete/nci/{nci_id}"),
    "complete_amendment": ("CompleteTrialAmendment", "PUT", "/trials/complete/nci/{nci_id}"),
}
ROOTS = tuple(root for root, _, _ in OPERATIONS.values() if root)
# Statuses CTRP accepts only with the reason the trial stopped.
STOPPED_STATUSES = (
    "Administratively Complete",
    "Withdrawn",
    "Temporarily Closed to Accrual",
    "Temporarily Closed to Accrual and Intervention",
)


@dataclass(frozen=True)
class Document:
    """One trial's request to CTRP: what it does, its XML (None: a request without a body, or a
    blocked document), its status and the problems that hold it back."""

    nct_id: str
    mode: str
    operation: str
    method: str
    url_path: str
    content: bytes | None
    status: str
    problems: tuple[str, ...]
    nci_id: str | None = None

    @property
    def root(self) -> str | None:
        return OPERATIONS[self.operation][0]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content or b"").hexdigest()

    def file_name(self) -> str | None:
        return f"{self.root}.xml" if self.root else None


def choose_operation(entry: TrialEntry, nci_id: str | None) -> str:
    """The request the trial needs now (see the module's docstring)."""
    if entry.mode == "abbreviated":
        return "abbreviated_update" if nci_id else "abbreviated_registration"
    if not nci_id:
        return "complete_registration"
    return "complete_amendment" if entry.overrides.amendment_date else "complete_update"


def build_document(
    entry: TrialEntry, fields: TrialFields | None, confirmed_nci_id: str | None = None
) -> Document:
    """The document of one sheet entry, from the warehouse's fields of its study (None: the
    study is not in the warehouse) and the NCI id CTRP confirmed earlier, if any."""
    nci_id = entry.nci_id or confirmed_nci_id
    operation = choose_operation(entry, nci_id)
    root, method, template = OPERATIONS[operation]
    url_path = template.format(nct_id=entry.nct_id, nci_id=nci_id)
    writer = _Writer(entry, root)
    if fields is None:
        writer.problem("study", f"not in the warehouse ({MART}); is it in the sources?")
    elif not fields.is_registrable:
        writer.problem("trialStatus", f"not registrable: {fields.not_registrable_reason}")
    else:
        fields = with_overrides(fields, entry)
        if root:
            _WRITERS[operation](writer, fields)
    content = writer.content() if root and not writer.problems else None
    problems = tuple(writer.problems)
    status = BLOCKED if problems else READY
    if content is not None:
        errors = validate_bytes(content)
        if errors:
            status = INVALID
            problems = tuple(f"{entry.nct_id}: schema: {error}" for error in errors)
    return Document(
        nct_id=entry.nct_id,
        mode=entry.mode,
        operation=operation,
        method=method,
        url_path=url_path,
        content=content if status != BLOCKED else None,
        status=status,
        problems=problems,
        nci_id=nci_id,
    )


class _Writer:
    """Appends elements in the order it is told (the schema's), collecting problems."""

    def __init__(self, entry: TrialEntry, root: str | None):
        self.entry = entry
        self.root = ET.Element(f"{{{NAMESPACE}}}{root}") if root else None
        self.problems: list[str] = []

    def problem(self, element: str, message: str) -> None:
        self.problems.append(f"{self.entry.nct_id}: {element}: {message}")

    def add(self, name: str, text: str | None = None, parent=None, **attributes) -> ET.Element:
        node = ET.SubElement(self.root if parent is None else parent, f"{{{NAMESPACE}}}{name}")
        node.attrib.update(attributes)
        if text is not None:
            node.text = text
        return node

    def text(self, name: str, value: str | None, missing: str | None = None) -> None:
        """An element with text; absent when `value` is empty, or a problem when `missing`
        says why it is needed. Length limits are checked."""
        if value is None or not str(value).strip():
            if missing:
                self.problem(name, missing)
            return
        value = str(value).strip()
        limit = v.MAX_LENGTHS.get(name)
        if limit and len(value) > limit:
            shown = value if len(value) <= 40 else value[:40] + "…"
            self.problem(name, f"{len(value)} characters ({shown!r}), CTRP allows {limit}")
            return
        self.add(name, value)

    def day(self, name: str, value: date | None, kind: str | None, missing: str | None) -> None:
        if value is None:
            if missing:
                self.problem(name, missing)
            return
        if kind is None:
            self.add(name, value.isoformat())
        else:
            self.add(name, value.isoformat(), type=kind)

    def party(self, name: str, child: str, party: PartyId | None, sheet_key: str) -> None:
        if party is None:
            self.problem(name, f"no id in the trial sheet ({sheet_key}: po:<id> or ctep:<id>)")
            return
        holder = self.add(child, parent=self.add(name))
        self.add("poID" if party.kind == "po" else "ctepID", party.value, parent=holder)

    def grants(self, grants: tuple[Grant, ...]) -> None:
        for grant in grants:
            node = self.add("grant")
            self.add("fundingMechanism", grant.funding_mechanism, node)
            self.add("nihInstitutionCode", grant.nih_institution_code, node)
            self.add("serialNumber", grant.serial_number, node)
            self.add("nciDivisionProgramCode", grant.nci_division_program_code, node)
            if grant.funding_percentage is not None:
                self.add("fundingPercentage", f"{grant.funding_percentage:g}", node)

    def ind_ide(self, items: tuple[IndIde, ...]) -> None:
        for kind in ("IND", "IDE"):  # the schema wants every ind before any ide
            for item in (i for i in items if i.type == kind):
                node = self.add(kind.lower())
                self.add("number", item.number, node)
                self.add("grantor", item.grantor, node)
                self.add("holderType", item.holder_type, node)
                if item.nih_institution:
                    self.add("nihInstitution", item.nih_institution, node)
                if item.nci_division_program_code:
                    self.add("nciDivisionProgramCode", item.nci_division_program_code, node)
                self.add("expandedAccess", _boolean(item.expanded_access), node)
                if item.expanded_access_type:
                    self.add("expandedAccessType", item.expanded_access_type, node)
                self.add("exempt", _boolean(item.exempt), node)

    def document(self, name: str, path: Path | None, sheet_key: str | None) -> None:
        """A file embedded as base64; a problem when it is needed (`sheet_key` given) and not
        named, or named and unreadable."""
        if path is None:
            if sheet_key:
                self.problem(name, f"no file in the trial sheet (documents: {sheet_key})")
            return
        try:
            content = path.read_bytes()
        except OSError as exc:
            self.problem(name, f"cannot read {path}: {exc.strerror or exc}")
            return
        self.add(name, base64.b64encode(content).decode("ascii"), filename=path.name)

    def content(self) -> bytes:
        ET.indent(self.root, space="  ")
        text = ET.tostring(self.root, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def _boolean(value: bool) -> str:
    return "true" if value else "false"


def _status_elements(w: _Writer, f: TrialFields, required: bool) -> None:
    """trialStatus … completionDate, in the schema's order (the same in every complete root)."""
    w.text("trialStatus", f.ctrp_trial_status)
    if f.ctrp_trial_status in STOPPED_STATUSES:
        w.text(
            "whyStopped",
            f.why_stopped,
            f"status {f.ctrp_trial_status} needs the reason the trial stopped "
            "(none registered; overrides: why_stopped)",
        )
    need = "none in the registry" if required else None
    w.day("trialStatusDate", f.status_date, None, f"{need or 'none'} (overrides: status_date)")
    w.day("trialStartDate", f.start_date, f.start_date_type, need)
    w.day("primaryCompletionDate", f.primary_completion_date, f.primary_completion_date_type, need)
    w.day("completionDate", f.completion_date, f.completion_date_type, None)


def _documents(w: _Writer, required: bool, abbreviated: bool = False) -> None:
    docs = w.entry.documents
    if not abbreviated:
        w.document("protocolDocument", docs.protocol, "protocol" if required else None)
    w.document("irbApprovalDocument", docs.irb_approval, "irb_approval" if required else None)
    w.document("informedConsentDocument", docs.informed_consent, None)
    for other in docs.other:
        w.document("otherDocument", other, None)


def _base_trial_information(w: _Writer, f: TrialFields) -> None:
    """BaseTrialInformation, the common part of a registration and an amendment."""
    e = w.entry
    w.text("clinicalTrialsDotGovXmlRequired", "false")
    w.text(
        "leadOrgTrialID",
        f.org_study_id,
        "the registry has no org study id (id_information) for the lead organisation's trial id",
    )
    w.text("clinicalTrialsDotGovTrialID", f.nct_id)
    w.text("title", f.title, "no title in the registry")
    w.text("phase", f.ctrp_phase)
    w.text(
        "accrualDiseaseTerminology",
        e.accrual_disease_terminology,
        "not in the trial sheet (accrual_disease_terminology: "
        + ", ".join(v.enumeration("AccrualDiseaseTerminology"))
        + ")",
    )
    w.text(
        "primaryPurpose",
        f.ctrp_primary_purpose,
        "the registry has none (overrides: primary_purpose)",
    )
    if f.ctrp_design == "Interventional":
        w.add("interventionalDesign")
    else:
        design = w.add("nonInterventionalDesign")
        w.add("trialType", "Observational", design)
        for name, value in (
            ("studyModelCode", f.ctrp_study_model),
            ("timePerspectiveCode", f.ctrp_time_perspective),
        ):
            if value is None:
                w.problem(f"nonInterventionalDesign/{name}", "none in the registry")
            else:
                w.add(name, value, design)
    w.party("leadOrganization", "existingOrganization", e.lead_organization, "lead_organization")
    w.party("pi", "existingPerson", e.principal_investigator, "principal_investigator")
    w.party("summary4FundingSponsor", "existingOrganization", e.funding_sponsor, "funding_sponsor")
    w.text("programCode", e.program_code)
    w.text("fundedByNciGrant", _boolean(bool(e.nci_grants)))
    w.grants(e.nci_grants)
    _status_elements(w, f, required=True)
    w.ind_ide(e.ind_ide)
    _documents(w, required=True)


def _complete_registration(w: _Writer, f: TrialFields) -> None:
    _base_trial_information(w, f)
    w.text(
        "category",
        w.entry.category,
        "not in the trial sheet (category: " + ", ".join(v.enumeration("TrialCategory")) + ")",
    )
    for owner in w.entry.trial_owners:
        w.text("trialOwner", owner)


def _complete_amendment(w: _Writer, f: TrialFields) -> None:
    _base_trial_information(w, f)
    w.day("amendmentDate", w.entry.overrides.amendment_date, None, "overrides: amendment_date")


def _complete_update(w: _Writer, f: TrialFields) -> None:
    w.text("clinicalTrialsDotGovTrialID", f.nct_id)
    w.text("accrualDiseaseTerminology", w.entry.accrual_disease_terminology)
    w.grants(w.entry.nci_grants)
    _status_elements(w, f, required=False)
    _documents(w, required=False)


def _abbreviated_update(w: _Writer, f: TrialFields) -> None:
    w.text("clinicalTrialsDotGovTrialID", f.nct_id)
    _documents(w, required=False, abbreviated=True)


_WRITERS = {
    "complete_registration": _complete_registration,
    "complete_amendment": _complete_amendment,
    "complete_update": _complete_update,
    "abbreviated_update": _abbreviated_update,
}


def document_parties(content: bytes) -> list[str]:
    """The PO/CTEP ids a document sends, each with the element it stands for
    (`leadOrganization po:181802`), to name them when CTRP answers 404."""
    found: list[str] = []

    def walk(node: ET.Element, role: str | None) -> None:
        name = node.tag.rsplit("}", 1)[-1]
        if name in ("poID", "ctepID"):
            found.append(f"{role} {'po' if name == 'poID' else 'ctep'}:{(node.text or '').strip()}")
            return
        for child in node:
            walk(child, role if name.startswith("existing") else name)

    walk(ET.fromstring(content), None)
    return found
