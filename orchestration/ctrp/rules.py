"""The rules CTRP states in its schemas' annotations (ws.xsd, po.xsd) and service documentation
that the schema itself cannot enforce, as one table: each rule is checked on the written
document before it can be sent, checked where the value is read (the trial sheet), or marked
not enforceable before sending, with the reason.

Each rule names the annotations it comes from (schema file, the annotated type or element, and a
fragment of the sentence), so the table can be compared with the schemas mechanically: every
annotation sentence that says "required", "must" or "only" (orchestration/ctrp/annotations.py)
belongs to a rule (tests/test_ctrp_rules.py). A check gets the document's XML and what the
trial sheet knows about the trial (`Context`); a check that needs the sheet's knowledge is
skipped without it (as when `ctrp validate` reads a file alone)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from orchestration.ctrp import vocabulary as v
from orchestration.ctrp.sheet import Center, PartyId
from orchestration.ctrp.validate import NAMESPACE

NS = f"{{{NAMESPACE}}}"

REGISTRATION, AMENDMENT = "CompleteTrialRegistration", "CompleteTrialAmendment"
COMPLETE_UPDATE, ABBREVIATED_UPDATE = "CompleteTrialUpdate", "AbbreviatedTrialUpdate"
SITE, SITE_UPDATE = "ParticipatingSite", "ParticipatingSiteUpdate"
TRIALS = (REGISTRATION, AMENDMENT)  # BaseTrialInformation
# Site statuses before a site opens: CTRP refuses a date opened for accrual with them.
SITE_NOT_YET_OPEN = ("In Review", "Approved")
SITE_ENDED = ("Completed", "Administratively Complete")  # these need a date closed for accrual


@dataclass(frozen=True)
class Context:
    """What the trial sheet knows that the document does not say (None: unknown)."""

    nct_id: str | None = None
    dcp_trial: bool | None = None  # the trial has a DCP id
    center: Center | None = None
    site_organization: PartyId | None = None  # a site update does not name its organisation


@dataclass(frozen=True)
class Source:
    """A sentence of a schema annotation: the file, the annotated type/element path, and a
    fragment of the sentence."""

    location: str
    fragment: str
    schema: str = "ws.xsd"


Problem = tuple[str, str]  # (element, message)
Check = Callable[[ET.Element, Context], Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    key: str
    says: str
    sources: tuple[Source, ...]
    check: Check | None = None  # enforced on the document before it is sent
    checked_in: str | None = None  # enforced where the value is read
    not_enforceable: str | None = None  # why it cannot be checked before sending

    def __post_init__(self) -> None:
        assert [self.check, self.checked_in, self.not_enforceable].count(None) == 2, self.key

    @property
    def enforcement(self) -> str:
        if self.check is not None:
            return "checked on the document"
        if self.checked_in is not None:
            return f"checked in {self.checked_in}"
        return f"not enforceable before sending: {self.not_enforceable}"


def _local(node: ET.Element) -> str:
    return node.tag.rsplit("}", 1)[-1]


def _find(node: ET.Element, path: str) -> ET.Element | None:
    return node.find("/".join(NS + part for part in path.split("/")))


def _text(node: ET.Element, path: str) -> str | None:
    """The element's text (stripped; "" when empty), or None when it is absent."""
    element = _find(node, path)
    return None if element is None else (element.text or "").strip()


def _codes(text: str | None) -> list[str]:
    return [code.strip() for code in (text or "").split(";") if code.strip()]


def _party(node: ET.Element | None) -> PartyId | None:
    """The PO or CTEP id of an Organization/Person element (None: a new one, or absent)."""
    if node is None:
        return None
    for holder in node:
        for kind, tag in (("po", "poID"), ("ctep", "ctepID")):
            value = _text(holder, tag)
            if value:
                return PartyId(kind, value)
    return None


def _change_memo(root: ET.Element, context: Context) -> Iterator[Problem]:
    if _local(root) == AMENDMENT and not any(
        _find(root, name) is not None
        for name in ("changeMemoDocument", "protocolHighlightDocument")
    ):
        yield "changeMemoDocument", "an amendment needs it or a protocolHighlightDocument"


def _ctgov_upload_elements(root: ET.Element, context: Context) -> Iterator[Problem]:
    if _local(root) not in TRIALS or _text(root, "clinicalTrialsDotGovXmlRequired") == "true":
        return
    for name in ("sponsor", "responsibleParty", "regulatoryInformation"):
        if _find(root, name) is not None:
            yield name, "only for trials CTRP uploads (clinicalTrialsDotGovXmlRequired is false)"


def _regulatory_information(root: ET.Element, context: Context) -> Iterator[Problem]:
    if _local(root) in TRIALS and _text(root, "clinicalTrialsDotGovXmlRequired") == "true":
        if _find(root, "regulatoryInformation") is None:
            yield "regulatoryInformation", "required when clinicalTrialsDotGovXmlRequired is true"


def _responsible_party(root: ET.Element, context: Context) -> Iterator[Problem]:
    party = _find(root, "responsibleParty") if _local(root) in TRIALS else None
    if party is None:
        return
    kind = _text(party, "type")
    if kind == "Sponsor" and _find(party, "investigatorTitle") is not None:
        yield "responsibleParty/investigatorTitle", "not for a Sponsor responsible party"
    if kind != "Principal Investigator" and _find(party, "investigatorAffiliation") is not None:
        yield (
            "responsibleParty/investigatorAffiliation",
            (f"only for a Principal Investigator responsible party, not {kind}"),
        )


OTHER_DESCRIPTIONS = (  # (code element, its description)
    ("primaryPurpose", "primaryPurposeOtherDescription"),
    (
        "interventionalDesign/secondaryPurpose",
        "interventionalDesign/secondaryPurposeOtherDescription",
    ),
    (
        "nonInterventionalDesign/studyModelCode",
        "nonInterventionalDesign/studyModelCodeOtherDescription",
    ),
    (
        "nonInterventionalDesign/timePerspectiveCode",
        "nonInterventionalDesign/timePerspectiveCodeOtherDescription",
    ),
)


def _other_descriptions(root: ET.Element, context: Context) -> Iterator[Problem]:
    if _local(root) not in TRIALS:
        return
    for code, description in OTHER_DESCRIPTIONS:
        if _text(root, code) == "Other" and not _text(root, description):
            yield description.rsplit("/", 1)[-1], f"{code.rsplit('/', 1)[-1]} is Other"


def _is_dcp(root: ET.Element, context: Context) -> bool | None:
    """A registration or amendment is a DCP trial's when it carries a DCP id (as the service
    decides); an update is when the trial has one (None: unknown)."""
    if _local(root) in TRIALS:
        return bool(_text(root, "dcpIdentifier"))
    return context.dcp_trial


def _date_types(root: ET.Element, context: Context) -> Iterator[Problem]:
    if _local(root) not in (*TRIALS, COMPLETE_UPDATE):
        return
    for name in ("trialStartDate", "completionDate"):
        element = _find(root, name)
        if element is not None and element.get("type") == "N/A":
            yield name, "type N/A is only for the primary completion date"
    element = _find(root, "primaryCompletionDate")
    if element is not None and element.get("type") == "N/A":
        if (element.text or "").strip():
            yield "primaryCompletionDate", f"type N/A takes no date, found {element.text.strip()}"
        if _is_dcp(root, context) is False:
            yield (
                "primaryCompletionDate",
                "type N/A only on a DCP trial, and this one has no DCP id",
            )


def _primary_completion_date(root: ET.Element, context: Context) -> Iterator[Problem]:
    element = _find(root, "primaryCompletionDate")
    required = _local(root) in TRIALS
    if element is None:
        if required:
            yield "primaryCompletionDate", "required (absent)"
        return
    if _local(root) in (*TRIALS, COMPLETE_UPDATE):
        if not (element.text or "").strip() and element.get("type") != "N/A":
            yield "primaryCompletionDate", "no date: only a DCP trial's may be empty (type N/A)"


def _why_stopped(root: ET.Element, context: Context) -> Iterator[Problem]:
    status = _text(root, "trialStatus") if _local(root) in (*TRIALS, COMPLETE_UPDATE) else None
    if status in v.STOPPED_STATUSES and not _text(root, "whyStopped"):
        yield "whyStopped", f"trial status {status} needs the reason the trial stopped"


def _nct_id_unchanged(root: ET.Element, context: Context) -> Iterator[Problem]:
    value = _text(root, "clinicalTrialsDotGovTrialID")
    if _local(root) in (COMPLETE_UPDATE, ABBREVIATED_UPDATE) and context.nct_id and value:
        if value != context.nct_id:
            yield (
                "clinicalTrialsDotGovTrialID",
                (f"{value!r} is not the trial's NCT id {context.nct_id}: CTRP ignores a change"),
            )


def _ind_ide(root: ET.Element, context: Context) -> Iterator[Problem]:
    for name in ("ind", "ide"):
        for number, item in enumerate(root.iterfind(NS + name), 1):
            where = f"{name}[{number}]"
            holder = _text(item, "holderType")
            if holder == "NIH" and not _text(item, "nihInstitution"):
                yield f"{where}/nihInstitution", "holder type NIH needs the NIH institution"
            if holder == "NCI" and not _text(item, "nciDivisionProgramCode"):
                yield f"{where}/nciDivisionProgramCode", "holder type NCI needs the NCI division"
            if _text(item, "expandedAccess") in ("true", "1") and not _text(
                item, "expandedAccessType"
            ):
                yield f"{where}/expandedAccessType", "expanded access needs its type"


def _site_accrual_dates(root: ET.Element, context: Context) -> Iterator[Problem]:
    if _local(root) not in (SITE, SITE_UPDATE):
        return
    status = _text(root, "recruitmentStatus")
    opened, closed = _text(root, "openedForAccrual"), _text(root, "closedForAccrual")
    # An update may leave out the dates the site has (the service's own tests do), unless it
    # is written from the sheet, which gives all of them.
    complete = _local(root) == SITE or context.site_organization is not None
    if status in SITE_NOT_YET_OPEN and opened:
        yield "openedForAccrual", f"must be empty for a site {status}, found {opened}"
    elif complete and status not in (*SITE_NOT_YET_OPEN, "Withdrawn") and not opened:
        yield "openedForAccrual", f"needed for a site {status}"
    if complete and status in SITE_ENDED and not closed:
        yield "closedForAccrual", f"needed for a site {status}"
    if closed and opened and closed < opened:  # ISO dates compare as text
        yield "closedForAccrual", f"{closed} is before openedForAccrual {opened}"


def _program_codes(root: ET.Element, context: Context) -> Iterator[Problem]:
    center = context.center
    codes = _codes(_text(root, "programCode"))
    if center is None or not codes or _local(root) not in (*TRIALS, SITE, SITE_UPDATE):
        return
    if center.program_codes is not None:
        for code in codes:
            if code not in center.program_codes:
                known = ", ".join(center.program_codes) or "none"
                yield "programCode", f"{code!r} is not one of the center's program codes ({known})"
    if center.organizations is not None:
        if _local(root) in TRIALS:
            role, organization = "lead organisation", _party(_find(root, "leadOrganization"))
        else:
            role = "site"
            organization = _party(_find(root, "organization")) or context.site_organization
        if organization is not None and organization not in center.organizations:
            yield (
                "programCode",
                (
                    f"CTRP ignores program codes unless the {role} ({organization}) is one of the "
                    "center's organisations (center_organizations)"
                ),
            )


RULES: tuple[Rule, ...] = (
    Rule(
        "amendment-change-memo",
        "an amendment carries a change memo or a protocol highlight document",
        (
            Source("CompleteTrialAmendment/changeMemoDocument", "One or the other"),
            Source("CompleteTrialAmendment/protocolHighlightDocument", "One or the other"),
        ),
        check=_change_memo,
    ),
    Rule(
        "ctgov-upload-elements",
        "sponsor, responsible party and regulatory information only when CTRP uploads the "
        "trial to ClinicalTrials.gov (clinicalTrialsDotGovXmlRequired true)",
        (
            Source("ResponsibleParty", "Only applicable"),
            Source("RegulatoryInformation", "Required only for trials"),
            Source("BaseTrialInformation/regulatoryInformation", "should not be specified"),
            Source("BaseTrialInformation/sponsor", "should not be specified"),
            Source("BaseTrialInformation/responsibleParty", "should not be specified"),
        ),
        check=_ctgov_upload_elements,
    ),
    Rule(
        "regulatory-information",
        "regulatory information is required when clinicalTrialsDotGovXmlRequired is true",
        (Source("BaseTrialInformation/regulatoryInformation", "is required if"),),
        check=_regulatory_information,
    ),
    Rule(
        "responsible-party-investigator",
        "a responsible party's investigator title is not for type Sponsor; its affiliation is "
        "only for type Principal Investigator",
        (
            Source("ResponsibleParty/investigatorTitle", "Use it only when"),
            Source("ResponsibleParty/investigatorTitle", "should be omitted"),
            Source("ResponsibleParty/investigatorAffiliation", "Use this element only when"),
        ),
        check=_responsible_party,
    ),
    Rule(
        "other-description",
        "a primary or secondary purpose, study model or time perspective of Other has a "
        "description",
        (
            Source("OtherDescription", "often an additional description is required"),
            Source("BaseTrialInformation/primaryPurposeOtherDescription", "If Trial Primary"),
            Source("InterventionalTrialDesign/secondaryPurposeOtherDescription", "If Trial"),
            Source("NonInterventionalTrialDesign/studyModelCodeOtherDescription", "If Trial"),
            Source("NonInterventionalTrialDesign/timePerspectiveCodeOtherDescription", "If Time"),
        ),
        check=_other_descriptions,
    ),
    Rule(
        "date-type-na",
        "date type N/A only for the primary completion date of a DCP trial, and then no date",
        (
            Source("TrialDateType", "'N/A' is only applicable"),
            Source("BaseTrialInformation/trialStartDate", "either Anticipated or Actual"),
            Source("BaseTrialInformation/completionDate", "either Anticipated or Actual"),
            Source("CompleteTrialUpdate/trialStartDate", "either Anticipated or Actual"),
            Source("CompleteTrialUpdate/completionDate", "either Anticipated or Actual"),
        ),
        check=_date_types,
    ),
    Rule(
        "primary-completion-date",
        "a registration or amendment has a primary completion date (empty only as a DCP "
        "trial's N/A)",
        (
            Source("BaseTrialInformation/primaryCompletionDate", "normally required"),
            Source("BaseTrialInformation/primaryCompletionDate", "The only exception"),
            Source("CompleteTrialUpdate/primaryCompletionDate", "normally required"),
            Source("CompleteTrialUpdate/primaryCompletionDate", "The only exception"),
        ),
        check=_primary_completion_date,
    ),
    Rule(
        "why-stopped",
        "Administratively Complete, Withdrawn and Temporarily Closed trials give the reason",
        (
            Source("BaseTrialInformation/whyStopped", "enter the reason"),
            Source("CompleteTrialUpdate/whyStopped", "enter the reason"),
        ),
        check=_why_stopped,
    ),
    Rule(
        "nct-id-format",
        "an NCT id is NCT followed by 8 digits (the schema allows 1 to 47)",
        (Source("clinicalTrialsDotGovTrialID", "NCT followed by an 8-digit number"),),
        checked_in="the trial sheet (its NCT ids, which the documents carry); the service's own "
        "test requests carry longer ones, so a file alone is not held to it",
    ),
    Rule(
        "nct-id-unchanged",
        "an update carries the trial's own NCT id: CTRP ignores an attempt to change it",
        (
            Source("AbbreviatedTrialUpdate/clinicalTrialsDotGovTrialID", "not be allowed"),
            Source("CompleteTrialUpdate/clinicalTrialsDotGovTrialID", "not be allowed"),
        ),
        check=_nct_id_unchanged,
    ),
    Rule(
        "ind-ide-holder",
        "an IND/IDE held by NIH names the institution, by NCI the division, with expanded "
        "access its type",
        (
            Source("IND_IDE/nihInstitution", "If the holder type is NIH"),
            Source("IND_IDE/nciDivisionProgramCode", "If the holder type is NCI"),
            Source("IND_IDE/expandedAccessType", "If the study includes expanded access"),
        ),
        check=_ind_ide,
    ),
    Rule(
        "site-accrual-dates",
        "a site In Review or Approved has no date opened for accrual, an open one has it, a "
        "Completed or Administratively Complete one has a date closed, not before the opening",
        (
            Source("BaseParticipatingSite/openedForAccrual", "can become mandatory"),
            Source("BaseParticipatingSite/closedForAccrual", "can become mandatory"),
        ),
        check=_site_accrual_dates,
    ),
    Rule(
        "program-codes",
        "program codes are the center's own (program_codes) and count only for trials led by, "
        "and sites of, the center's organisations (center_organizations)",
        (
            Source("BaseParticipatingSite/programCode", "will be ignored"),
            Source("BaseParticipatingSite/programCode", "Non-Cancer Center Trials"),
        ),
        check=_program_codes,
    ),
    Rule(
        "abbreviated-trial-ids",
        "abbreviated trials are addressed by PA, NCI or CTEP id (no DCP path); complete ones "
        "by PA, NCI, CTEP or DCP id",
        (),
        checked_in="the trial sheet (update_by) and the id chosen for the URL (trial_ids.py)",
    ),
    Rule(
        "known-to-po",
        "every organisation and person exists in NCI PO before the trial is registered",
        (
            Source("Organization", "ultimately must exist"),
            Source("Person", "ultimately must exist"),
        ),
        not_enforceable="PO is NCI's registry and the project has no access to it; the sheet "
        "takes PO/CTEP ids, and CTRP's 404 is reported with every id the document sent",
    ),
    Rule(
        "trial-owner-known",
        "a trial owner's e-mail address is known to CTRP",
        (Source("CompleteTrialRegistration/trialOwner", "must be known to CTRP"),),
        not_enforceable="CTRP's user accounts are not visible to the project (the sheet checks "
        "the address's form)",
    ),
    Rule(
        "regulatory-authority-known",
        "a regulatory authority's name is known to CTRP",
        (Source("RegulatoryInformation/authorityName", "must be known to CTRP"),),
        not_enforceable="CTRP's list of authorities is its own and changes; the documents send "
        "no regulatory information (clinicalTrialsDotGovXmlRequired false)",
    ),
    Rule(
        "amendment-keeps-design",
        "an amendment does not change a trial from interventional to non-interventional or back",
        (Source("BaseTrialInformation/(choice)", "cannot change"),),
        not_enforceable="the design CTRP holds is not known before sending (CTRP answers 400, "
        "shown with its message)",
    ),
)


@dataclass(frozen=True)
class RuleProblem:
    rule: str
    element: str
    message: str

    def __str__(self) -> str:
        return f"{self.element}: {self.message} (rule {self.rule})"


def check_document(root: ET.Element, context: Context | None = None) -> list[RuleProblem]:
    """Every rule the document breaks (empty: none)."""
    context = context or Context()
    return [
        RuleProblem(rule.key, element, message)
        for rule in RULES
        if rule.check is not None
        for element, message in rule.check(root, context)
    ]


def check_bytes(content: bytes, context: Context | None = None) -> list[RuleProblem]:
    """check_document of XML bytes (a document that is not XML breaks no rule: the schema
    validation says what is wrong with it)."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError:
        return []
    return check_document(root, context)
