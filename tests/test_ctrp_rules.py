"""The table of CTRP's rules that its schemas cannot enforce (orchestration/ctrp/rules.py): read
against ws.xsd's and po.xsd's annotations mechanically, and each enforced rule checked on the
service's own test requests, as they are and broken the way the rule forbids."""

from __future__ import annotations

import copy
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from orchestration.ctrp.annotations import Annotation, rule_sentences, schema_annotations
from orchestration.ctrp.rules import RULES, Context, check_document
from orchestration.ctrp.sheet import Center, PartyId
from orchestration.ctrp.validate import NAMESPACE, SCHEMA_DIR
from orchestration.settings import REPO_ROOT
from tests.helpers import run_cli

REQUESTS = Path(__file__).parent / "fixtures" / "ctrp" / "requests"
NS = f"{{{NAMESPACE}}}"


def uncovered(schema_dir: Path = SCHEMA_DIR) -> list[Annotation]:
    """The rule sentences of the schemas that no rule of the table names."""
    return [
        a
        for a in rule_sentences(schema_dir)
        if not any(
            (s.schema, s.location) == (a.schema, a.location) and s.fragment in a.sentence
            for rule in RULES
            for s in rule.sources
        )
    ]


def test_every_rule_sentence_of_the_schemas_is_in_the_table():
    assert uncovered() == []
    assert len(rule_sentences()) == 17  # of 195 annotation sentences
    sentences = schema_annotations()
    stale = [
        (rule.key, source)
        for rule in RULES
        for source in rule.sources
        if not any(
            (a.schema, a.location) == (source.schema, source.location)
            and source.fragment in a.sentence
            for a in sentences
        )
    ]
    assert stale == []  # every source the table names is in the schemas


def test_a_new_rule_annotation_fails_the_comparison(tmp_path):
    for name in ("ws.xsd", "po.xsd"):
        shutil.copy(SCHEMA_DIR / name, tmp_path / name)
    schema = tmp_path / "ws.xsd"
    text = schema.read_text(encoding="utf-8")
    anchor = '<element name="localTrialIdentifier" type="string" />'
    assert text.count(anchor) == 1
    schema.write_text(
        text.replace(
            anchor,
            '<element name="localTrialIdentifier" type="string"><annotation><documentation>'
            "The identifier must be unique within the site. Any text.</documentation>"
            "</annotation></element>",
        ),
        encoding="utf-8",
    )
    assert uncovered(tmp_path) == [
        Annotation(
            "ws.xsd",
            "BaseParticipatingSite/localTrialIdentifier",
            "The identifier must be unique within the site.",
        )
    ]


def test_the_table_enforces_what_can_be_and_says_why_not_for_the_rest():
    assert [r.key for r in RULES if r.check] == [
        "amendment-change-memo",
        "ctgov-upload-elements",
        "regulatory-information",
        "responsible-party-investigator",
        "other-description",
        "date-type-na",
        "primary-completion-date",
        "why-stopped",
        "nct-id-unchanged",
        "ind-ide-holder",
        "site-accrual-dates",
        "program-codes",
    ]
    assert [r.key for r in RULES if r.checked_in] == ["nct-id-format", "abbreviated-trial-ids"]
    assert {r.key: r.not_enforceable.split(";")[0] for r in RULES if r.not_enforceable} == {
        "known-to-po": "PO is NCI's registry and the project has no access to it",
        "trial-owner-known": "CTRP's user accounts are not visible to the project (the sheet "
        "checks the address's form)",
        "regulatory-authority-known": "CTRP's list of authorities is its own and changes",
        "amendment-keeps-design": "the design CTRP holds is not known before sending (CTRP "
        "answers 400, shown with its message)",
    }
    doc = (REPO_ROOT / "docs" / "ctrp.md").read_text(encoding="utf-8")
    assert [r.key for r in RULES if f"`{r.key}`" not in doc] == []  # docs/ctrp.md's table


def request(name: str) -> ET.Element:
    return ET.parse(REQUESTS / name).getroot()


def broken(root: ET.Element, context: Context | None = None) -> list[str]:
    return [str(problem) for problem in check_document(root, context)]


def child(root: ET.Element, path: str) -> ET.Element:
    return root.find("/".join(NS + part for part in path.split("/")))


def without(root: ET.Element, *paths: str) -> ET.Element:
    root = copy.deepcopy(root)
    for path in paths:
        parent, _, name = path.rpartition("/")
        holder = child(root, parent) if parent else root
        holder.remove(child(holder, name))
    return root


def setting(root: ET.Element, **values: str) -> ET.Element:
    """A copy with element texts (path__with__slashes=text) or `type` attributes (@path)."""
    root = copy.deepcopy(root)
    for path, value in values.items():
        path = path.replace("__", "/")
        if path.startswith("at_"):
            child(root, path.removeprefix("at_")).set("type", value)
        else:
            child(root, path).text = value
    return root


def test_the_services_own_valid_requests_break_no_rule():
    for name in (
        "register_complete.xml",
        "register_complete_RespPartyPI.xml",
        "register_complete_noninterventional.xml",
        "integration_amend_complete.xml",
        "update_abbr.xml",
        "ps_create.xml",
        "integration_ps_add.xml",
        "integration_ps_add_minimum_info.xml",
        "integration_ps_update.xml",
        "integration_ps_update_duplicateSite.xml",  # an update may leave the site's dates out
    ):
        assert broken(request(name)) == [], name


def test_an_amendment_needs_a_change_memo_or_a_protocol_highlight():
    amendment = request("integration_amend_complete.xml")  # has both
    assert broken(without(amendment, "changeMemoDocument")) == []
    assert broken(without(amendment, "protocolHighlightDocument")) == []
    assert broken(without(amendment, "changeMemoDocument", "protocolHighlightDocument")) == [
        "changeMemoDocument: an amendment needs it or a protocolHighlightDocument "
        "(rule amendment-change-memo)"
    ]


def test_clinicaltrials_gov_upload_elements_go_with_the_upload():
    assert broken(request("integration_register_complete_non_ctgov_but_with_data.xml")) == [
        f"{name}: only for trials CTRP uploads (clinicalTrialsDotGovXmlRequired is false) "
        "(rule ctgov-upload-elements)"
        for name in ("sponsor", "responsibleParty", "regulatoryInformation")
    ]
    assert broken(without(request("register_complete.xml"), "regulatoryInformation")) == [
        "regulatoryInformation: required when clinicalTrialsDotGovXmlRequired is true "
        "(rule regulatory-information)"
    ]


def test_a_responsible_partys_title_and_affiliation_follow_its_type():
    pi = request("register_complete_RespPartyPI.xml")  # type PI, with title and affiliation
    assert broken(setting(pi, responsibleParty__type="Sponsor")) == [
        "responsibleParty/investigatorTitle: not for a Sponsor responsible party "
        "(rule responsible-party-investigator)",
        "responsibleParty/investigatorAffiliation: only for a Principal Investigator "
        "responsible party, not Sponsor (rule responsible-party-investigator)",
    ]
    assert broken(setting(pi, responsibleParty__type="Sponsor-Investigator")) == [
        "responsibleParty/investigatorAffiliation: only for a Principal Investigator "
        "responsible party, not Sponsor-Investigator (rule responsible-party-investigator)",
    ]


def test_other_codes_need_their_description():
    registration = request("register_complete.xml")
    assert broken(
        without(
            registration,
            "primaryPurposeOtherDescription",
            "interventionalDesign/secondaryPurposeOtherDescription",
        )
    ) == [
        "primaryPurposeOtherDescription: primaryPurpose is Other (rule other-description)",
        "secondaryPurposeOtherDescription: secondaryPurpose is Other (rule other-description)",
    ]
    observational = request("register_complete_noninterventional.xml")
    assert broken(
        without(observational, "nonInterventionalDesign/timePerspectiveCodeOtherDescription")
    ) == [
        "timePerspectiveCodeOtherDescription: timePerspectiveCode is Other (rule other-description)"
    ]


def test_date_type_na_and_the_primary_completion_date():
    registration = request("register_complete.xml")  # a DCP trial (dcpIdentifier DCP123)
    assert broken(setting(registration, at_trialStartDate="N/A", at_completionDate="N/A")) == [
        "trialStartDate: type N/A is only for the primary completion date (rule date-type-na)",
        "completionDate: type N/A is only for the primary completion date (rule date-type-na)",
    ]
    na = setting(registration, at_primaryCompletionDate="N/A")
    assert broken(na) == [
        "primaryCompletionDate: type N/A takes no date, found 2018-07-15 (rule date-type-na)"
    ]
    empty_na = setting(na, primaryCompletionDate="")
    assert broken(empty_na) == []  # a DCP trial's N/A
    assert broken(without(empty_na, "dcpIdentifier")) == [
        "primaryCompletionDate: type N/A only on a DCP trial, and this one has no DCP id "
        "(rule date-type-na)"
    ]
    update = setting(request("update_complete.xml"), at_primaryCompletionDate="N/A")
    update = setting(update, primaryCompletionDate="")
    assert broken(update) == []  # whether the trial is DCP's is not in an update
    assert broken(update, Context(dcp_trial=False)) == [
        "primaryCompletionDate: type N/A only on a DCP trial, and this one has no DCP id "
        "(rule date-type-na)"
    ]
    assert broken(without(registration, "primaryCompletionDate")) == [
        "primaryCompletionDate: required (absent) (rule primary-completion-date)"
    ]
    assert broken(setting(registration, primaryCompletionDate="")) == [
        "primaryCompletionDate: no date: only a DCP trial's may be empty (type N/A) "
        "(rule primary-completion-date)"
    ]


def test_a_stopped_trial_says_why_and_an_update_keeps_its_nct_id():
    registration = request("register_complete.xml")
    assert broken(setting(registration, trialStatus="Withdrawn", whyStopped="")) == [
        "whyStopped: trial status Withdrawn needs the reason the trial stopped (rule why-stopped)"
    ]
    update = request("update_abbr.xml")  # NCT234234234
    assert broken(update, Context(nct_id="NCT234234234")) == []
    assert broken(update, Context(nct_id="NCT04523987")) == [
        "clinicalTrialsDotGovTrialID: 'NCT234234234' is not the trial's NCT id NCT04523987: "
        "CTRP ignores a change (rule nct-id-unchanged)"
    ]


def test_an_ind_ide_holder_names_its_institution_division_and_access_type():
    registration = request("register_complete.xml")
    assert broken(
        without(
            registration,
            "ind/nihInstitution",
            "ide/nciDivisionProgramCode",
            "ide/expandedAccessType",
        )
    ) == [
        "ind[1]/nihInstitution: holder type NIH needs the NIH institution (rule ind-ide-holder)",
        "ide[1]/nciDivisionProgramCode: holder type NCI needs the NCI division "
        "(rule ind-ide-holder)",
        "ide[1]/expandedAccessType: expanded access needs its type (rule ind-ide-holder)",
    ]


def test_a_sites_accrual_dates_follow_its_status():
    assert broken(request("integration_ps_biz_validation_add.xml")) == [  # CTRP answers 500
        "openedForAccrual: must be empty for a site In Review, found 2001-02-02 "
        "(rule site-accrual-dates)"
    ]
    site = request("ps_create.xml")  # Administratively Complete, opened and closed
    assert broken(without(site, "closedForAccrual", "openedForAccrual")) == [
        "openedForAccrual: needed for a site Administratively Complete (rule site-accrual-dates)",
        "closedForAccrual: needed for a site Administratively Complete (rule site-accrual-dates)",
    ]
    assert broken(setting(site, closedForAccrual="2000-01-01")) == [
        "closedForAccrual: 2000-01-01 is before openedForAccrual 2001-02-02 "
        "(rule site-accrual-dates)"
    ]
    update = request("integration_ps_update_duplicateSite.xml")  # no dates: the site keeps its
    from_sheet = Context(site_organization=PartyId("po", "5"))  # all of them: checked in full
    assert broken(update, from_sheet) == [
        "openedForAccrual: needed for a site Administratively Complete (rule site-accrual-dates)",
        "closedForAccrual: needed for a site Administratively Complete (rule site-accrual-dates)",
    ]


def test_program_codes_are_the_centers_and_count_for_its_organisations_only():
    center = Context(center=Center(("PG1", "PG3", "PG7"), (PartyId("po", "2"), PartyId("po", "4"))))
    member_site = request("integration_ps_add_cancer_center.xml")  # XYZ;PG3;PG7 at po:2
    assert broken(member_site, center) == [
        "programCode: 'XYZ' is not one of the center's program codes (PG1, PG3, PG7) "
        "(rule program-codes)"
    ]
    other_site = request("integration_ps_add_non_cancer_center.xml")  # XYZ;PG2;PG3;PG7 at po:1
    codes_only = Context(center=Center(("XYZ", "PG2", "PG3", "PG7"), center.center.organizations))
    assert broken(other_site, codes_only) == [
        "programCode: CTRP ignores program codes unless the site (po:1) is one of the center's "
        "organisations (center_organizations) (rule program-codes)"
    ]
    amendment = request("integration_amend_cancer_center_with_program_codes.xml")  # lead po:4
    codes = Context(center=Center(("ABC", "PG2", "PG4", "PG6", "PG7"), (PartyId("po", "4"),)))
    assert broken(amendment, codes) == []
    not_member = request("integration_amend_non_cancer_center_with_program_codes.xml")  # po:1
    assert broken(not_member, codes) == [
        "programCode: CTRP ignores program codes unless the lead organisation (po:1) is one of "
        "the center's organisations (center_organizations) (rule program-codes)"
    ]
    assert broken(not_member) == []  # without the center's lists there is nothing to check


def test_ctrp_validate_reports_the_rules_a_file_breaks(tmp_path):
    amendment = without(
        request("integration_amend_complete.xml"), "changeMemoDocument", "protocolHighlightDocument"
    )
    file = tmp_path / "amendment.xml"
    ET.ElementTree(amendment).write(file, encoding="UTF-8", xml_declaration=True)
    site = REQUESTS / "integration_ps_biz_validation_add.xml"
    valid = REQUESTS / "integration_ps_add.xml"
    result = run_cli(
        "ctrp", "validate", str(site), str(valid), str(file), env={}, dagster_home=tmp_path
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        f"{site}: openedForAccrual: must be empty for a site In Review, found 2001-02-02 "
        "(rule site-accrual-dates)",
        f"{valid}: valid",
    ]
    # the service's amendment samples fail the schema on element order, and then the rule
    assert lines[-1] == (
        f"{file}: changeMemoDocument: an amendment needs it or a protocolHighlightDocument "
        "(rule amendment-change-memo)"
    )
    assert f"{file}: valid" not in lines
