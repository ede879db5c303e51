"""CTRP documents without a warehouse: the operation each trial needs, what makes a document
invalid rather than blocked, and the asset check that keeps invalid ones from passing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import dagster as dg
import pytest

from orchestration.ctrp.documents import build_document, choose_operation, document_parties
from orchestration.ctrp.fields import TrialFields
from orchestration.ctrp.sheet import Documents, Overrides, PartyId, TrialEntry
from orchestration.ctrp.store import CtrpStore, DocumentRow

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


def test_the_operation_follows_mode_nci_id_and_amendment_date(entry):
    amending = replace(entry, overrides=Overrides(amendment_date=date(2024, 2, 1)))
    abbreviated = replace(entry, mode="abbreviated")
    assert choose_operation(entry, None) == "complete_registration"
    assert choose_operation(entry, "NCI-2018-03030") == "complete_update"
    assert choose_operation(amending, None) == "complete_registration"
    assert choose_operation(amending, "NCI-2018-03030") == "complete_amendment"
    assert choose_operation(abbreviated, None) == "abbreviated_registration"
    assert choose_operation(abbreviated, "NCI-2018-03030") == "abbreviated_update"

    amendment = build_document(amending, FIELDS, "NCI-2018-03030")
    assert (amendment.status, amendment.method, amendment.url_path, amendment.root) == (
        "ready", "PUT", "/trials/complete/nci/NCI-2018-03030", "CompleteTrialAmendment",
    )  # fmt: skip
    assert b"<tns:amendmentDate>2024-02-01</tns:amendmentDate>" in amendment.content
    update = build_document(abbreviated, FIELDS, "NCI-2018-03030")
    assert (update.status, update.method, update.url_path) == (
        "ready", "POST", "/trials/abbreviated/nci/NCI-2018-03030",
    )  # fmt: skip
    assert document_parties(build_document(entry, FIELDS).content) == [
        "leadOrganization po:181802",
        "pi ctep:JDOE01",
        "summary4FundingSponsor po:2",
    ]


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

    row = DocumentRow(
        "NCT04523987", "complete", "complete_registration", "POST", "/trials/complete",
        None, "0" * 64, "ready", (),
    )  # fmt: skip
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
