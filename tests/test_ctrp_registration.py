"""NCI CTRP registration end to end: a warehouse built from the bundled sample, a trial sheet,
`./warehouse ctrp documents` and `./warehouse ctrp submit` against a real local HTTP server that
answers like CTRP (fakes/ctrp_server.py), and the Dagster asset, check and job."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

import dagster as dg
import pytest

from fakes.ctrp_server import (
    CONFIRMED_NCI_ID,
    CONFIRMED_PA_ID,
    FakeCtrp,
    Reply,
    serve,
)
from orchestration.ctrp.validate import validate_bytes
from tests.ctrp_office import NS, SHEET, ctrp, env_for, make_office, store_rows
from tests.helpers import duckdb_query


@pytest.fixture
def live(ctrp_live) -> Path:
    return ctrp_live


@pytest.fixture
def office(tmp_path) -> Path:
    return make_office(tmp_path)


def test_the_mart_maps_both_sources_labels_to_ctrps_vocabulary(live):
    rows = duckdb_query(live)(
        "select nct_id, registry_phase, ctrp_phase, registry_overall_status, ctrp_trial_status, "
        "is_registrable from marts.ctrp_trial_fields where nct_id in "
        "('NCT00877253', 'NCT04523987', 'NCT01953588', 'NCT03590054', 'NCT03475563', "
        "'NCT06171568', 'NCT00002525', 'NCT00184067') order by nct_id"
    )
    assert rows == [
        ("NCT00002525", "Phase 3", "III", "Terminated", "Administratively Complete", True),
        ("NCT00184067", "PHASE2", "II", "TERMINATED", "Administratively Complete", True),
        ("NCT00877253", "Phase 1/Phase 2", "I/II", "Completed", "Complete", True),
        ("NCT01953588", "Phase 3", "III", "Active, not recruiting", "Closed to Accrual", True),
        ("NCT03475563", None, "NA", "UNKNOWN", None, False),
        ("NCT03590054", "Phase 1", "I", "Active, not recruiting", "Closed to Accrual", True),
        ("NCT04523987", "PHASE1, PHASE2", "I/II", "RECRUITING", "Active", True),
        ("NCT06171568", None, "NA", "NOT_YET_RECRUITING", "Approved", True),
    ]
    assert duckdb_query(live)(
        "select org_study_id, start_date_type, primary_completion_date_type, ctrp_primary_purpose "
        "from marts.ctrp_trial_fields where nct_id = 'NCT04523987'"
    ) == [("PA02/07/18", "Actual", "Anticipated", "Treatment")]


def test_documents_are_written_recorded_or_blocked_with_the_element_named(live, office):
    env = env_for(live, office)
    result = ctrp("documents", env=env, office=office)
    assert result.returncode == 0, result.stderr
    out = office / "out"
    registration = out / "NCT04523987" / "CompleteTrialRegistration.xml"
    assert result.stdout.splitlines() == [
        "NCT00184067: blocked: POST /trials/complete",
        "  NCT00184067: whyStopped: 177 characters ('The principal investigator left the inst…'), "
        "CTRP allows 160",
        "NCT03281889: ready: POST /trials/abbreviated/NCT03281889 (no body)",
        "NCT03475563: blocked: POST /trials/abbreviated/NCT03475563",
        "  NCT03475563: trialStatus: not registrable: overall status UNKNOWN has no CTRP trial "
        "status",
        "NCT04267848: blocked: POST /trials/complete",
        "  NCT04267848: leadOrgTrialID: the registry has no org study id (id_information) for the "
        "lead organisation's trial id",
        "  NCT04267848: pi: no id in the trial sheet (principal_investigator: po:<id> or "
        "ctep:<id>)",
        "  NCT04267848: summary4FundingSponsor: no id in the trial sheet (funding_sponsor: "
        "po:<id> or ctep:<id>)",
        f"  NCT04267848: irbApprovalDocument: cannot read {office / 'docs' / 'missing.pdf'}: "
        "No such file or directory",
        f"NCT04523987: ready: POST /trials/complete {registration}",
        "NCT99999999: blocked: POST /trials/abbreviated/NCT99999999",
        "  NCT99999999: study: not in the warehouse (marts.ctrp_trial_fields); is it in the "
        "sources?",
        f"6 CTRP document(s): 2 ready, 4 blocked, 0 invalid in {out}",
    ]
    content = registration.read_bytes()
    assert validate_bytes(content) == []
    root = ET.fromstring(content)
    assert root.findtext(f"{NS}phase") == "I/II"  # PHASE1, PHASE2 in the warehouse
    assert root.findtext(f"{NS}leadOrgTrialID") == "PA02/07/18"
    assert root.findtext(f"{NS}trialStatus") == "Active"
    assert root.find(f"{NS}trialStartDate").attrib == {"type": "Actual"}
    assert root.findtext(f"{NS}pi/{NS}existingPerson/{NS}ctepID") == "JDOE01"
    assert root.findtext(f"{NS}protocolDocument") == "JVBERi0xLjQgcHJvdG9jb2w="
    assert [child.tag.removeprefix(NS) for child in root][:8] == [
        "clinicalTrialsDotGovXmlRequired", "leadOrgTrialID", "clinicalTrialsDotGovTrialID",
        "title", "phase", "accrualDiseaseTerminology", "primaryPurpose", "interventionalDesign",
    ]  # fmt: skip
    assert store_rows(
        office, "select nct_id, operation, method, url_path, path, sha256, status from documents"
    ) == [
        ("NCT00184067", "complete_registration", "POST", "/trials/complete", None,
         hashlib.sha256(b"").hexdigest(), "blocked"),
        ("NCT03281889", "abbreviated_registration", "POST", "/trials/abbreviated/NCT03281889",
         None, hashlib.sha256(b"").hexdigest(), "ready"),
        ("NCT03475563", "abbreviated_registration", "POST", "/trials/abbreviated/NCT03475563",
         None, hashlib.sha256(b"").hexdigest(), "blocked"),
        ("NCT04267848", "complete_registration", "POST", "/trials/complete", None,
         hashlib.sha256(b"").hexdigest(), "blocked"),
        ("NCT04523987", "complete_registration", "POST", "/trials/complete", str(registration),
         hashlib.sha256(content).hexdigest(), "ready"),
        ("NCT99999999", "abbreviated_registration", "POST", "/trials/abbreviated/NCT99999999",
         None, hashlib.sha256(b"").hexdigest(), "blocked"),
    ]  # fmt: skip

    again = ctrp("documents", env=env, office=office)  # idempotent: same files, same rows
    assert again.stdout == result.stdout
    assert registration.read_bytes() == content
    assert sorted(p.name for p in out.rglob("*.xml")) == ["CompleteTrialRegistration.xml"]

    (office / "trials.yml").write_text("NCT03281889:\n  mode: abbreviated\n")
    assert ctrp("documents", env=env, office=office).returncode == 0
    assert not registration.exists()  # its entry left the sheet: nothing stale to send
    assert store_rows(office, "select nct_id, status from documents") == [("NCT03281889", "ready")]


def test_submit_registers_stores_the_nci_id_and_then_updates_by_it(live, office):
    fake = FakeCtrp()
    with serve(fake) as base_url:
        env = env_for(live, office, base_url)
        assert ctrp("documents", env=env, office=office).returncode == 0
        registration = (
            office / "out" / "NCT04523987" / "CompleteTrialRegistration.xml"
        ).read_bytes()

        dry = ctrp("submit", "--dry-run", env=env, office=office)
        assert dry.returncode == 0, dry.stdout + dry.stderr
        lines = dry.stdout.splitlines()
        assert [line for line in lines if line.startswith("POST")] == [
            f"POST {base_url}/trials/abbreviated/NCT03281889 (no body)",
            f"POST {base_url}/trials/complete "
            f"{office / 'out' / 'NCT04523987' / 'CompleteTrialRegistration.xml'}",
        ]
        assert "NCT99999999: blocked, not sent: NCT99999999: study: not in the warehouse " in (
            dry.stdout
        )
        named = ctrp("submit", "--dry-run", "--nct", "NCT99999999", env=env, office=office)
        assert named.returncode == 1  # a trial asked for by name and not sent is a failure
        assert fake.requests == []

        sent = ctrp("submit", env=env, office=office)
        assert sent.returncode == 0, sent.stdout + sent.stderr
        abbreviated, complete = fake.requests
        assert (abbreviated.method, abbreviated.path, abbreviated.body) == (
            "POST", "/services/trials/abbreviated/NCT03281889", b"",
        )  # fmt: skip
        assert (complete.method, complete.path) == ("POST", "/services/trials/complete")
        assert complete.body == registration and validate_bytes(complete.body) == []
        assert complete.headers["content-type"] == "application/xml"
        assert complete.headers["accept"] == "application/xml"
        assert f"{base_url}/trials/complete: confirmed, NCI id {CONFIRMED_NCI_ID}" in sent.stdout
        assert "2 sent, 2 confirmed, 0 failed" in sent.stdout
        assert store_rows(
            office,
            "select nct_id, operation, http_status, outcome, pa_trial_id, nci_trial_id "
            "from submissions order by nct_id",
        ) == [
            ("NCT03281889", "abbreviated_registration", 200, "confirmed", CONFIRMED_PA_ID,
             CONFIRMED_NCI_ID),
            ("NCT04523987", "complete_registration", 200, "confirmed", CONFIRMED_PA_ID,
             CONFIRMED_NCI_ID),
        ]  # fmt: skip

        repeat = ctrp("submit", env=env, office=office)  # the same documents are not sent again
        assert repeat.returncode == 0 and len(fake.requests) == 2
        assert "NCT04523987: complete_registration already sent, confirmed" in repeat.stdout

        # the next documents update the trials by the NCI id CTRP gave
        rewritten = ctrp("documents", env=env, office=office)
        update = office / "out" / "NCT04523987" / "CompleteTrialUpdate.xml"
        assert f"NCT04523987: ready: POST /trials/complete/nci/{CONFIRMED_NCI_ID} {update}" in (
            rewritten.stdout.splitlines()
        )
        assert not (office / "out" / "NCT04523987" / "CompleteTrialRegistration.xml").exists()
        assert f"NCT03281889: ready: POST /trials/abbreviated/nci/{CONFIRMED_NCI_ID}" in (
            rewritten.stdout
        )
        updated = ctrp("submit", "--nct", "NCT04523987", env=env, office=office)
        assert updated.returncode == 0, updated.stdout
        assert (fake.requests[-1].method, fake.requests[-1].path) == (
            "POST", f"/services/trials/complete/nci/{CONFIRMED_NCI_ID}",
        )  # fmt: skip
        assert ET.fromstring(fake.requests[-1].body).tag == f"{NS}CompleteTrialUpdate"


def test_412_is_already_registered_and_not_an_error(live, office):
    (office / "trials.yml").write_text("NCT03281889:\n  mode: abbreviated\n")
    fake = FakeCtrp()
    fake.then(Reply(412, b"Trial with NCT ID NCT03281889 is already registered"))
    with serve(fake) as base_url:
        env = env_for(live, office, base_url)
        ctrp("documents", env=env, office=office)
        result = ctrp("submit", env=env, office=office)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "already registered in CTRP (HTTP 412)" in result.stdout
        assert ctrp("submit", env=env, office=office).returncode == 0
    assert len(fake.requests) == 1
    assert store_rows(office, "select outcome, http_status from submissions") == [
        ("already_registered", 412)
    ]


def test_401_stops_after_one_request(live, office):
    fake = FakeCtrp()
    with serve(fake) as base_url:
        env = env_for(live, office, base_url, password="wrong")
        ctrp("documents", env=env, office=office)  # two ready documents
        result = ctrp("submit", env=env, office=office)
    assert result.returncode == 1
    assert len(fake.requests) == 1
    assert "CTRP refused the credentials (HTTP 401" in result.stdout
    assert "stopped, nothing else sent" in result.stdout


def test_400_and_500_show_ctrps_message_and_404_names_the_ids_sent(live, office):
    (office / "trials.yml").write_text(
        SHEET.split("NCT03281889:")[0]
        + "NCT00184067:\n  mode: complete\n  principal_investigator: po:5000\n"
        "  funding_sponsor: po:2\n"
        "  documents: {protocol: docs/protocol.pdf, irb_approval: docs/irb.pdf}\n"
        "NCT03064438:\n  mode: abbreviated\n"
    )
    fake = FakeCtrp()
    fake.then(
        Reply(404, b"<error>Person with CTEP ID JDOE01 not found in PO</error>"),
        Reply(500, b"<error>Duplicate lead organization trial ID 10M-03-8</error>"),
        Reply(400, b"<error>Trial start date must not be after the status date</error>"),
    )
    with serve(fake) as base_url:
        env = env_for(live, office, base_url)
        ctrp("documents", env=env, office=office)
        result = ctrp("submit", "--nct", "NCT04523987", env=env, office=office)
        assert result.returncode == 1
        assert (
            f"NCT04523987: complete_registration: POST {base_url}/trials/complete: a person or "
            "organisation is not in PO (HTTP 404); ids sent: leadOrganization po:181802, "
            "pi ctep:JDOE01, summary4FundingSponsor po:2: "
            "<error>Person with CTEP ID JDOE01 not found in PO</error>"
        ) in result.stdout.splitlines()
        result = ctrp("submit", env=env, office=office)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        f"NCT03064438: abbreviated_registration: POST {base_url}/trials/abbreviated/NCT03064438: "
        "refused (HTTP 400): <error>Trial start date must not be after the status date</error>"
    ) in lines
    assert (
        f"NCT00184067: complete_registration: POST {base_url}/trials/complete: CTRP server error "
        "(HTTP 500): <error>Duplicate lead organization trial ID 10M-03-8</error>"
    ) in lines
    # the refused documents were not settled: the run after them sent all three again
    assert len(fake.requests) == 4
    assert "1 sent, 1 confirmed" not in result.stdout and "3 sent, 1 confirmed, 2 failed" in (
        result.stdout
    )


def test_the_dagster_asset_check_and_submit_job(live, office, monkeypatch):
    from orchestration.defs.ctrp.assets import build_ctrp_assets
    from orchestration.defs.ctrp.jobs import build_submit_job
    from orchestration.defs.resources import CtrpResource, WarehouseResource

    fake = FakeCtrp()
    with serve(fake) as base_url:
        ctrp_resource = CtrpResource(
            trials=str(office / "trials.yml"),
            directory=str(office / "out"),
            base_url=base_url,
            username="registrar",
            password="s3cret",
        )
        resources = {"ctrp": ctrp_resource, "warehouse": WarehouseResource(duckdb_path=str(live))}
        result = dg.materialize(list(build_ctrp_assets()), resources=resources)
        assert result.success
        metadata = result.asset_materializations_for_node("ctrp__documents")[0].metadata
        assert (metadata["ready"].value, metadata["blocked"].value) == (2, 4)
        assert metadata["invalid"].value == 0
        (evaluation,) = result.get_asset_check_evaluations()
        assert evaluation.check_name == "no_invalid_documents" and evaluation.passed

        job = dg.Definitions(jobs=[build_submit_job()], resources=resources).resolve_job_def(
            "submit_ctrp"
        )
        run_config = {"ops": {"submit_ctrp_documents": {"config": {"nct_ids": ["NCT04523987"]}}}}
        submitted = job.execute_in_process(run_config=run_config)
        assert submitted.success
    assert [(r.method, r.path) for r in fake.requests] == [("POST", "/services/trials/complete")]
    assert store_rows(office, "select nci_trial_id from submissions") == [(CONFIRMED_NCI_ID,)]
