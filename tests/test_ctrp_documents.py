"""CTRP documents without a warehouse: the operation each trial needs and the id it goes by,
amendments, what makes a document invalid rather than blocked, CTRP's rules checked before
sending, and the asset check that keeps invalid ones from passing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import dagster as dg
import duckdb
import pytest

from orchestration.ctrp.documents import build_document, choose_operation, document_parties
from orchestration.ctrp.fields import TrialFields, TrialFieldsError, read_trial_fields
from orchestration.ctrp.sheet import Center, Documents, Overrides, PartyId, TrialEntry
from orchestration.ctrp.store import CtrpStore, DocumentRow
from orchestration.ctrp.trial_ids import Confirmed
from orchestration.ctrp.validate import NAMESPACE, validate_bytes

NS = f"{{{NAMESPACE}}}"
CONFIRMED = Confirmed(1618195, "NCI-2018-03030")  # what CTRP's real confirmation says
ROW = DocumentRow(
    "NCT04523987", "complete", "complete_registration", "POST", "/trials/complete",
    None, "0" * 64, "ready", (),
)  # fmt: skip

FIELDS = TrialFields(
    nct_id="NCT04523987",
    org_study_id="PA02/07/18",
    title="A Pilot Study of Ciprofloxacin Plus Gemcitabine and Nab-Paclitaxel",
    ctrp_design="Interventional",
    ctrp_phase="I/II",
    ctrp_primary_purpose="Treatment",
    ctrp_study_model=None,
    ctrp_time_perspective=None,
    ctrp_trial_status="Active",
    is_registrable=True,
    not_registrable_reason=None,
    why_stopped=None,
    status_date=date(2019, 2, 22),
    start_date=date(2019, 2, 22),
    start_date_type="Actual",
    primary_completion_date=date(2023, 2, 28),
    primary_completion_date_type="Anticipated",
    completion_date=None,
    completion_date_type=None,
)


@pytest.fixture
def entry(tmp_path) -> TrialEntry:
    (tmp_path / "protocol.pdf").write_bytes(b"protocol")
    (tmp_path / "irb.pdf").write_bytes(b"irb")
    return TrialEntry(
        nct_id="NCT04523987",
        mode="complete",
        lead_organization=PartyId("po", "181802"),
        principal_investigator=PartyId("ctep", "JDOE01"),
        funding_sponsor=PartyId("po", "2"),
        category="National",
        accrual_disease_terminology="ICD10",
        documents=Documents(protocol=tmp_path / "protocol.pdf", irb_approval=tmp_path / "irb.pdf"),
    )


@pytest.fixture
def amending(entry, tmp_path) -> TrialEntry:
    (tmp_path / "memo.pdf").write_bytes(b"change memo")
    return replace(
        entry,
        overrides=Overrides(amendment_date=date(2024, 2, 1), amendment_number="3"),
        documents=replace(entry.documents, change_memo=tmp_path / "memo.pdf"),
    )


def test_the_operation_follows_mode_registration_and_amendment_date(entry):
    amending = replace(entry, overrides=Overrides(amendment_date=date(2024, 2, 1)))
    abbreviated = replace(entry, mode="abbreviated")
    assert choose_operation(entry, registered=False) == "complete_registration"
    assert choose_operation(entry, registered=True) == "complete_update"
    assert choose_operation(amending, registered=False) == "complete_registration"
    assert choose_operation(amending, registered=True) == "complete_amendment"
    assert choose_operation(abbreviated, registered=False) == "abbreviated_registration"
    assert choose_operation(abbreviated, registered=True) == "abbreviated_update"

    update = build_document(abbreviated, FIELDS, CONFIRMED)
    assert (update.status, update.method, update.url_path) == (
        "ready", "POST", "/trials/abbreviated/nci/NCI-2018-03030",
    )  # fmt: skip
    assert document_parties(build_document(entry, FIELDS).content) == [
        "leadOrganization po:181802",
        "pi ctep:JDOE01",
        "summary4FundingSponsor po:2",
    ]


def test_an_amendment_carries_its_number_date_and_change_memo(amending):
    amendment = build_document(amending, FIELDS, CONFIRMED)
    assert (amendment.status, amendment.method, amendment.url_path, amendment.root) == (
        "ready", "PUT", "/trials/complete/nci/NCI-2018-03030", "CompleteTrialAmendment",
    )  # fmt: skip
    assert validate_bytes(amendment.content) == []
    root = ET.fromstring(amendment.content)
    assert root.findtext(f"{NS}amendmentNumber") == "3"
    assert root.findtext(f"{NS}amendmentDate") == "2024-02-01"
    memo = root.find(f"{NS}changeMemoDocument")
    assert (memo.get("filename"), memo.text) == ("memo.pdf", "Y2hhbmdlIG1lbW8=")  # change memo
    assert root.find(f"{NS}protocolHighlightDocument") is None
    # the schema's order: the amendment's own elements after the base trial information
    assert [child.tag.removeprefix(NS) for child in root][-4:] == [
        "irbApprovalDocument", "amendmentNumber", "amendmentDate", "changeMemoDocument",
    ]  # fmt: skip

    highlight = replace(
        amending,
        documents=replace(
            amending.documents, change_memo=None, protocol_highlight=amending.documents.protocol
        ),
    )
    root = ET.fromstring(build_document(highlight, FIELDS, CONFIRMED).content)
    assert root.find(f"{NS}changeMemoDocument") is None
    assert root.find(f"{NS}protocolHighlightDocument").get("filename") == "protocol.pdf"


def test_an_amendment_without_its_number_or_a_change_memo_is_blocked(amending):
    bare = replace(
        amending,
        overrides=Overrides(amendment_date=date(2024, 2, 1)),
        documents=replace(amending.documents, change_memo=None),
    )
    blocked = build_document(bare, FIELDS, CONFIRMED)
    assert (blocked.status, blocked.content, blocked.url_path) == (
        "blocked", None, "/trials/complete/nci/NCI-2018-03030",
    )  # fmt: skip
    assert blocked.problems == (
        "NCT04523987: amendmentNumber: not in the trial sheet (overrides: amendment_number)",
        "NCT04523987: changeMemoDocument: an amendment needs a change memo or a protocol "
        "highlight document, and the trial sheet names neither (documents: change_memo or "
        "protocol_highlight)",
    )


@pytest.mark.parametrize(
    ("ids", "confirmed", "method_and_path"),
    [
        ({}, CONFIRMED, "POST /trials/complete/nci/NCI-2018-03030"),
        ({"update_by": "pa"}, CONFIRMED, "POST /trials/complete/pa/1618195"),
        ({"pa_id": "77"}, None, "POST /trials/complete/pa/77"),
        ({"nci_id": "NCI-2020-00001"}, CONFIRMED, "POST /trials/complete/nci/NCI-2020-00001"),
        ({"ctep_id": "10152", "update_by": "ctep"}, None, "POST /trials/complete/ctep/10152"),
        ({"dcp_id": "DCP-001", "update_by": "dcp"}, None, "POST /trials/complete/dcp/DCP-001"),
        ({"ctep_id": "10152"}, None, "POST /trials/complete"),  # a CTEP id alone: not registered
    ],
)
def test_updates_go_by_the_id_the_sheet_or_a_confirmation_gives(
    entry, ids, confirmed, method_and_path
):
    document = build_document(replace(entry, **ids), FIELDS, confirmed)
    assert document.status == "ready", document.problems
    assert f"{document.method} {document.url_path}" == method_and_path


def test_amendments_and_abbreviated_updates_by_other_ids(amending):
    by_dcp = replace(amending, dcp_id="DCP-001", ctep_id="10152", update_by="dcp")
    amendment = build_document(by_dcp, FIELDS)
    assert (amendment.method, amendment.url_path) == ("PUT", "/trials/complete/dcp/DCP-001")
    root = ET.fromstring(amendment.content)
    assert root.findtext(f"{NS}dcpIdentifier") == "DCP-001"  # the trial's ids go in as well
    assert root.findtext(f"{NS}ctepIdentifier") == "10152"
    abbreviated = replace(amending, mode="abbreviated", ctep_id="10152", update_by="ctep")
    update = build_document(abbreviated, FIELDS)
    assert (update.root, update.method, update.url_path) == (
        "AbbreviatedTrialUpdate", "POST", "/trials/abbreviated/ctep/10152",
    )  # fmt: skip
    missing = build_document(replace(amending, update_by="ctep"), FIELDS, CONFIRMED)
    assert missing.status == "blocked"
    assert missing.problems == (
        "NCT04523987: trial id: update_by is ctep: the trial sheet has no ctep_id",
    )


def test_other_descriptions_and_program_codes_are_checked_before_sending(entry):
    other = replace(FIELDS, ctrp_primary_purpose="Other")
    blocked = build_document(entry, other)
    assert blocked.problems == (
        "NCT04523987: primaryPurposeOtherDescription: primaryPurpose is Other: CTRP wants a "
        "description (overrides: primary_purpose_other)",
    )
    described = replace(entry, overrides=Overrides(primary_purpose_other="Device feasibility"))
    root = ET.fromstring(build_document(described, other).content)
    assert root.findtext(f"{NS}primaryPurposeOtherDescription") == "Device feasibility"

    coded = replace(entry, program_codes=("PG1", "PG9"))
    center = Center(program_codes=("PG1", "PG2"), organizations=(PartyId("po", "4"),))
    assert build_document(coded, FIELDS, center=center).problems == (
        "NCT04523987: programCode: 'PG9' is not one of the center's program codes (PG1, PG2) "
        "(rule program-codes)",
        "NCT04523987: programCode: CTRP ignores program codes unless the lead organisation "
        "(po:181802) is one of the center's organisations (center_organizations) "
        "(rule program-codes)",
    )
    member = replace(coded, program_codes=("PG1", "PG2"), lead_organization=PartyId("po", "4"))
    document = build_document(member, FIELDS, center=center)
    assert document.status == "ready"
    assert ET.fromstring(document.content).findtext(f"{NS}programCode") == "PG1;PG2"
    # without the center's lists nothing is checked: CTRP would take the codes
    assert build_document(coded, FIELDS).status == "ready"


def test_a_value_outside_ctrps_schema_makes_the_document_invalid_not_blocked(entry):
    """A mart value the schema does not know (a mapping that drifted) is caught by validation."""
    document = build_document(entry, replace(FIELDS, ctrp_phase="Phase 5"))
    assert document.status == "invalid"
    assert document.content is not None  # written, so the defect can be looked at
    assert document.problems[0].startswith(
        "NCT04523987: schema: /tns:CompleteTrialRegistration/tns:phase: value must be one of"
    )
    too_long = build_document(entry, replace(FIELDS, org_study_id="X" * 31))
    assert too_long.status == "blocked" and too_long.content is None
    assert too_long.problems == (
        f"NCT04523987: leadOrgTrialID: 31 characters ('{'X' * 31}'), CTRP allows 30",
    )


def test_the_asset_check_fails_on_an_invalid_document(tmp_path):
    from orchestration.defs.ctrp.assets import build_ctrp_assets
    from orchestration.defs.resources import CtrpResource

    row = ROW
    with CtrpStore(tmp_path) as store:
        store.replace_documents([row])
    _, check = build_ctrp_assets()
    context = dg.build_asset_check_context()
    resource = CtrpResource(trials="trials.yml", directory=str(tmp_path))
    assert check(context, ctrp=resource).passed
    with CtrpStore(tmp_path) as store:
        store.replace_documents([replace(row, status="invalid", problems=("NCT04523987: x",))])
    result = check(context, ctrp=resource)
    assert not result.passed and result.metadata["invalid"].value == 1


def test_a_store_from_before_sites_is_brought_up_to_date(tmp_path):
    """A store written before participating sites: its documents (rewritten by every run) are
    dropped for the new table, its submissions kept with the new columns empty."""
    with duckdb.connect(str(tmp_path / "ctrp.duckdb")) as con:
        con.execute(
            "create table documents (nct_id varchar primary key, mode varchar not null, "
            "operation varchar not null, method varchar not null, url_path varchar not null, "
            "path varchar, sha256 varchar not null, status varchar not null, problems varchar "
            "not null, written_at timestamp not null)"
        )
        con.execute(
            "insert into documents values ('NCT04523987', 'complete', 'complete_registration', "
            "'POST', '/trials/complete', null, 'x', 'ready', '', now())"
        )
        con.execute(
            "create table submissions (submitted_at timestamp not null, nct_id varchar not "
            "null, operation varchar not null, method varchar not null, url varchar not null, "
            "path varchar, sha256 varchar not null, http_status integer, outcome varchar not "
            "null, pa_trial_id bigint, nci_trial_id varchar, message varchar)"
        )
        con.execute(
            "insert into submissions values (now(), 'NCT04523987', 'complete_registration', "
            "'POST', 'u', null, 'x', 200, 'confirmed', 1618195, 'NCI-2018-03030', null)"
        )
    with CtrpStore(tmp_path) as store:
        assert store.documents() == []
        assert store.confirmed_ids() == {"NCT04523987": CONFIRMED}
        (old,) = store.submissions()
        assert (old.site, old.site_id, old.nci_trial_id) == (None, None, "NCI-2018-03030")
        sites = [
            replace(ROW, site="po:5", operation="site_registration"),
            replace(ROW, site="po:6", operation="site_registration"),
        ]
        store.replace_documents([ROW, *sites])  # a trial's document and its sites'
        assert [row.site for row in store.documents()] == [None, "po:5", "po:6"]


def test_a_warehouse_without_the_ctrp_mart_says_how_to_build_it(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))  # a warehouse built without a trial sheet

    def query(statement: str):
        cursor = con.execute(statement)
        return [d[0] for d in cursor.description], cursor.fetchall()

    with pytest.raises(TrialFieldsError) as refused:
        read_trial_fields(query, ["NCT00000105"])
    message = str(refused.value)
    assert message.startswith("marts.ctrp_trial_fields cannot be read (Catalog Error: ")
    assert message.endswith(
        "; the mart is built when CTW_CTRP_TRIALS names a trial sheet: set it, then run "
        "`./warehouse build`"
    )
