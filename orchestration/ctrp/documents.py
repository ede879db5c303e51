"""CTRP documents for the entries of the trial sheet: which operation each trial needs, the XML
of it (elements in ws.xsd's order), and why a document cannot be sent yet.

The operation follows from what is known: an abbreviated trial that is not registered is
registered from ClinicalTrials.gov by its NCT id (a POST without a body); a complete one is
registered with a CompleteTrialRegistration; once the trial is registered (CTRP gave it an NCI
or PA id, in the sheet or confirmed by a submission, or the sheet says which id to update it
by) it is updated (or amended, when the sheet gives an amendment date) by the id
orchestration/ctrp/trial_ids.py chooses. Trials already in ClinicalTrials.gov must not be
uploaded there again by CTRP, so documents say `clinicalTrialsDotGovXmlRequired` false and leave
out what only that upload needs (sponsor, responsible party, regulatory information).

A document is blocked, with one problem per missing or unusable element naming the NCT id and
the element, when the study is not in the warehouse, an id or a document is missing, a length
limit is exceeded, CTRP cannot take the study, or it breaks a rule of CTRP's that the schema
cannot enforce (orchestration/ctrp/rules.py); it is invalid when the XML fails the schema.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from orchestration.ctrp import vocabulary as v
from orchestration.ctrp.elements import Writer, boolean
from orchestration.ctrp.fields import MART, TrialFields, with_overrides
from orchestration.ctrp.rules import Context, check_document
from orchestration.ctrp.sheet import Center, PartyId, TrialEntry
from orchestration.ctrp.trial_ids import Confirmed, TrialRef, trial_ref
from orchestration.ctrp.validate import validate_bytes

READY, BLOCKED, INVALID = "ready", "blocked", "invalid"
STATUSES = (READY, BLOCKED, INVALID)

# operation: (root element or None for no body, HTTP method, URL path template)
OPERATIONS = {
    "abbreviated_registration": (None, "POST", "/trials/abbreviated/{nct_id}"),
    "abbreviated_update": ("AbbreviatedTrialUpdate", "POST", "/trials/abbreviated/{trial}"),
    "complete_registration": ("CompleteTrialRegistration", "POST", "/trials/complete"),
    "complete_update": ("CompleteTrialUpdate", "POST", "/trials/complete/{trial}"),
    "complete_amendment": ("CompleteTrialAmendment", "PUT", "/trials/complete/{trial}"),
    # a participating site: {trial} is filled in when the trial's registration is confirmed
    "site_registration": ("ParticipatingSite", "POST", "/trials/{trial}/sites"),
    "site_update": ("ParticipatingSiteUpdate", "PUT", "/trials/{trial}/sites/{site}"),
}
TRIAL_ROOTS = tuple(
    root for operation, (root, _, _) in OPERATIONS.items() if root and "site" not in operation
)
SITE_OPERATIONS = ("site_registration", "site_update")


@dataclass(frozen=True)
class Document:
    """One request to CTRP (a trial's, or one of its sites' when `site` is set): what it does,
    its XML (None: a request without a body, or a blocked document), its status and the
    problems that hold it back."""

    nct_id: str
    mode: str
    operation: str
    method: str
    url_path: str
    content: bytes | None
    status: str
    problems: tuple[str, ...]
    trial: str | None = None  # the id the URL addresses the trial by (nci/NCI-2018-03030)
    site: str | None = None  # po:<id> or ctep:<id>

    @property
    def root(self) -> str | None:
        return OPERATIONS[self.operation][0]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content or b"").hexdigest()

    def file_name(self) -> str | None:
        if self.site:
            return f"sites/{self.site.replace(':', '-')}.xml"
        return f"{self.root}.xml" if self.root else None

    def line(self) -> str:
        site = f": site {self.site}" if self.site else ""
        return f"{self.nct_id}{site}: {self.status}: {self.method} {self.url_path}"


def choose_operation(entry: TrialEntry, registered: bool) -> str:
    """The request the trial needs now (see the module's docstring)."""
    if entry.mode == "abbreviated":
        return "abbreviated_update" if registered else "abbreviated_registration"
    if not registered:
        return "complete_registration"
    return "complete_amendment" if entry.overrides.amendment_date else "complete_update"


def context_of(
    entry: TrialEntry, center: Center | None, site_organization: PartyId | None = None
) -> Context:
    """What the trial sheet tells CTRP's rules about the trial (and the site)."""
    return Context(entry.nct_id, bool(entry.dcp_id), center, site_organization)


def finish(
    writer: Writer, context: Context, written: bool = True
) -> tuple[bytes | None, str, tuple[str, ...]]:
    """(content, status, problems) of a document: CTRP's rules are checked when it was
    `written` (a problem the writer named for the element already is not repeated), then the
    schema."""
    if writer.root is not None and written:
        named = set(writer.elements)
        for problem in check_document(writer.root, context):
            if problem.element.rsplit("/", 1)[-1] not in named:
                writer.problem(problem.element, f"{problem.message} (rule {problem.rule})")
    if writer.problems:
        return None, BLOCKED, tuple(writer.problems)
    content = writer.content() if writer.root is not None else None
    errors = validate_bytes(content) if content is not None else []
    if errors:
        return content, INVALID, tuple(f"{writer.prefix}: schema: {e}" for e in errors)
    return content, READY, ()


def build_document(
    entry: TrialEntry,
    fields: TrialFields | None,
    confirmed: Confirmed | None = None,
    center: Center | None = None,
) -> Document:
    """The document of one sheet entry, from the warehouse's fields of its study (None: the
    study is not in the warehouse), what CTRP confirmed of it earlier and the center's program
    codes."""
    ref = trial_ref(entry, confirmed)
    operation = choose_operation(entry, ref is not None)
    root, method, template = OPERATIONS[operation]
    trial = str(ref) if isinstance(ref, TrialRef) else "{trial}"
    url_path = template.format(nct_id=entry.nct_id, trial=trial)
    writer = Writer(entry.nct_id, root)
    if isinstance(ref, str):
        writer.problem("trial id", ref)
    written = False
    if fields is None:
        writer.problem("study", f"not in the warehouse ({MART}); is it in the sources?")
    elif not fields.is_registrable:
        writer.problem("trialStatus", f"not registrable: {fields.not_registrable_reason}")
    elif root:
        _WRITERS[operation](writer, entry, with_overrides(fields, entry))
        written = True
    content, status, problems = finish(writer, context_of(entry, center), written)
    return Document(
        nct_id=entry.nct_id,
        mode=entry.mode,
        operation=operation,
        method=method,
        url_path=url_path,
        content=content,
        status=status,
        problems=problems,
        trial=str(ref) if isinstance(ref, TrialRef) else None,
    )


def _status_elements(w: Writer, f: TrialFields, required: bool) -> None:
    """trialStatus … completionDate, in the schema's order (the same in every complete root)."""
    w.text("trialStatus", f.ctrp_trial_status)
    if f.ctrp_trial_status in v.STOPPED_STATUSES:
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


def _documents(w: Writer, e: TrialEntry, required: bool, abbreviated: bool = False) -> None:
    docs = e.documents
    if not abbreviated:
        w.document("protocolDocument", docs.protocol, "protocol" if required else None)
    w.document("irbApprovalDocument", docs.irb_approval, "irb_approval" if required else None)
    w.document("informedConsentDocument", docs.informed_consent, None)
    for other in docs.other:
        w.document("otherDocument", other, None)


def _other(code: str, key: str) -> str:
    return f"{code} is Other: CTRP wants a description (overrides: {key})"


def _design(w: Writer, e: TrialEntry, f: TrialFields) -> None:
    if f.ctrp_design == "Interventional":
        w.add("interventionalDesign")
        return
    design = w.add("nonInterventionalDesign")
    w.add("trialType", "Observational", design)
    for name, value, description, key in (
        ("studyModelCode", f.ctrp_study_model, e.overrides.study_model_other, "study_model_other"),
        (
            "timePerspectiveCode",
            f.ctrp_time_perspective,
            e.overrides.time_perspective_other,
            "time_perspective_other",
        ),
    ):
        if value is None:
            w.problem(f"nonInterventionalDesign/{name}", "none in the registry")
            continue
        w.add(name, value, design)
        if value == "Other":
            w.text(f"{name}OtherDescription", description, _other(name, key), parent=design)


def _base_trial_information(w: Writer, e: TrialEntry, f: TrialFields) -> None:
    """BaseTrialInformation, the common part of a registration and an amendment."""
    w.text("clinicalTrialsDotGovXmlRequired", "false")
    w.text(
        "leadOrgTrialID",
        f.org_study_id,
        "the registry has no org study id (id_information) for the lead organisation's trial id",
    )
    w.text("clinicalTrialsDotGovTrialID", f.nct_id)
    w.text("dcpIdentifier", e.dcp_id)
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
    if f.ctrp_primary_purpose == "Other":
        w.text(
            "primaryPurposeOtherDescription",
            e.overrides.primary_purpose_other,
            _other("primaryPurpose", "primary_purpose_other"),
        )
    _design(w, e, f)
    w.party("leadOrganization", "existingOrganization", e.lead_organization, "lead_organization")
    w.party("pi", "existingPerson", e.principal_investigator, "principal_investigator")
    w.party("summary4FundingSponsor", "existingOrganization", e.funding_sponsor, "funding_sponsor")
    w.text("programCode", ";".join(e.program_codes))
    w.text("fundedByNciGrant", boolean(bool(e.nci_grants)))
    w.grants(e.nci_grants)
    _status_elements(w, f, required=True)
    w.ind_ide(e.ind_ide)
    _documents(w, e, required=True)


def _complete_registration(w: Writer, e: TrialEntry, f: TrialFields) -> None:
    _base_trial_information(w, e, f)
    w.text(
        "category",
        e.category,
        "not in the trial sheet (category: " + ", ".join(v.enumeration("TrialCategory")) + ")",
    )
    for owner in e.trial_owners:
        w.text("trialOwner", owner)


def _complete_amendment(w: Writer, e: TrialEntry, f: TrialFields) -> None:
    _base_trial_information(w, e, f)
    missing = "not in the trial sheet (overrides: {})"
    w.text("amendmentNumber", e.overrides.amendment_number, missing.format("amendment_number"))
    w.day("amendmentDate", e.overrides.amendment_date, None, missing.format("amendment_date"))
    w.text("ctepIdentifier", e.ctep_id)
    docs = e.documents
    if docs.change_memo is None and docs.protocol_highlight is None:
        w.problem(
            "changeMemoDocument",
            "an amendment needs a change memo or a protocol highlight document, and the trial "
            "sheet names neither (documents: change_memo or protocol_highlight)",
        )
    w.document("changeMemoDocument", docs.change_memo, None)
    w.document("protocolHighlightDocument", docs.protocol_highlight, None)


def _complete_update(w: Writer, e: TrialEntry, f: TrialFields) -> None:
    w.text("clinicalTrialsDotGovTrialID", f.nct_id)
    w.text("accrualDiseaseTerminology", e.accrual_disease_terminology)
    w.grants(e.nci_grants)
    _status_elements(w, f, required=False)
    _documents(w, e, required=False)


def _abbreviated_update(w: Writer, e: TrialEntry, f: TrialFields) -> None:
    w.text("clinicalTrialsDotGovTrialID", f.nct_id)
    _documents(w, e, required=False, abbreviated=True)


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
        wrapper = name.startswith("existing") or name == "person"  # a site investigator's
        for child in node:
            walk(child, role if wrapper else name)

    walk(ET.fromstring(content), None)
    return found
