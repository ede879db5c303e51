"""The operations of the CTRP service beyond a first registration, end to end against the local
fake service (fakes/ctrp_server.py): amendments and updates by the id the sheet chooses, and
participating sites, added once the trial's registration is confirmed and updated when they
change, with CTRP's answers handled as for trials."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fakes.ctrp_server import CONFIRMATION, CONFIRMED_NCI_ID, FakeCtrp, Reply, serve
from orchestration.ctrp.validate import validate_bytes
from tests.ctrp_office import NS, ctrp, env_for, make_office, store_rows


@pytest.fixture
def live(ctrp_live) -> Path:
    return ctrp_live


@pytest.fixture
def office(tmp_path) -> Path:
    return make_office(tmp_path)


AMENDING = """\
defaults:
  lead_organization: po:181802
  principal_investigator: ctep:JDOE01
  funding_sponsor: po:2
  accrual_disease_terminology: ICD10
  documents: {protocol: docs/protocol.pdf, irb_approval: docs/irb.pdf}
NCT04523987:
  mode: complete
  pa_id: 1618195
  update_by: pa
  documents: {protocol: docs/protocol.pdf, irb_approval: docs/irb.pdf, change_memo: docs/memo.pdf}
  overrides: {amendment_date: 2024-02-01, amendment_number: "3"}
NCT00877253:
  mode: complete
  nci_id: NCI-2018-03030
  overrides: {amendment_date: 2024-02-01}
NCT03281889:
  mode: abbreviated
  ctep_id: "10152"
  update_by: ctep
"""


def test_amendments_and_updates_go_by_the_id_the_sheet_chooses(live, office):
    (office / "docs" / "memo.pdf").write_bytes(b"%PDF-1.4 change memo")
    (office / "trials.yml").write_text(AMENDING)
    fake = FakeCtrp()
    with serve(fake) as base_url:
        env = env_for(live, office, base_url)
        documents = ctrp("documents", env=env, office=office)
        amendment = office / "out" / "NCT04523987" / "CompleteTrialAmendment.xml"
        update = office / "out" / "NCT03281889" / "AbbreviatedTrialUpdate.xml"
        assert documents.stdout.splitlines() == [
            "NCT00877253: blocked: PUT /trials/complete/nci/NCI-2018-03030",
            "  NCT00877253: leadOrgTrialID: the registry has no org study id (id_information) for "
            "the lead organisation's trial id",
            "  NCT00877253: amendmentNumber: not in the trial sheet (overrides: amendment_number)",
            "  NCT00877253: changeMemoDocument: an amendment needs a change memo or a protocol "
            "highlight document, and the trial sheet names neither (documents: change_memo or "
            "protocol_highlight)",
            f"NCT03281889: ready: POST /trials/abbreviated/ctep/10152 {update}",
            f"NCT04523987: ready: PUT /trials/complete/pa/1618195 {amendment}",
            f"3 CTRP document(s): 2 ready, 1 blocked, 0 invalid in {office / 'out'}",
        ]
        sent = ctrp("submit", env=env, office=office)
    assert sent.returncode == 0, sent.stdout
    assert [(r.method, r.path) for r in fake.requests] == [
        ("POST", "/services/trials/abbreviated/ctep/10152"),
        ("PUT", "/services/trials/complete/pa/1618195"),
    ]
    body = ET.fromstring(fake.requests[1].body)
    assert (
        body.tag == f"{NS}CompleteTrialAmendment" and validate_bytes(amendment.read_bytes()) == []
    )
    assert [body.findtext(f"{NS}{name}") for name in ("amendmentNumber", "amendmentDate")] == [
        "3",
        "2024-02-01",
    ]
    assert body.find(f"{NS}changeMemoDocument").get("filename") == "memo.pdf"


SITES = """\
NCT03281889:
  mode: abbreviated
  sites:
    - organization: po:5
      local_trial_id: MN000001
      status: Active
      status_date: 2024-01-15
      opened_for_accrual: 2024-01-20
      principal_investigator: po:1
      program_code: PG00001
      target_accrual: 40
    - {organization: ctep:CA001, local_trial_id: CA-7, status: In Review,
       status_date: 2024-01-10, principal_investigator: ctep:JDOE01}
"""


def test_sites_go_once_the_registration_is_confirmed_and_as_updates_when_changed(live, office):
    (office / "trials.yml").write_text(SITES)
    sites = office / "out" / "NCT03281889" / "sites"
    fake = FakeCtrp()
    with serve(fake) as base_url:
        env = env_for(live, office, base_url)
        documents = ctrp("documents", env=env, office=office)
        waiting = " (once the trial's registration is confirmed)"
        assert documents.stdout.splitlines() == [
            "NCT03281889: ready: POST /trials/abbreviated/NCT03281889 (no body)",
            f"NCT03281889: site po:5: ready: POST /trials/{{trial}}/sites {sites / 'po-5.xml'}"
            + waiting,
            f"NCT03281889: site ctep:CA001: ready: POST /trials/{{trial}}/sites "
            f"{sites / 'ctep-CA001.xml'}{waiting}",
            f"3 CTRP document(s): 3 ready, 0 blocked, 0 invalid in {office / 'out'}",
        ]
        dry = ctrp("submit", "--dry-run", env=env, office=office).stdout
        assert f"POST {base_url}/trials/{{trial}}/sites {sites / 'po-5.xml'}; sent once " in dry
        sent = ctrp("submit", env=env, office=office)
        assert sent.returncode == 0, sent.stdout
        assert [(r.method, r.path) for r in fake.requests] == [
            ("POST", "/services/trials/abbreviated/NCT03281889"),
            ("POST", f"/services/trials/nci/{CONFIRMED_NCI_ID}/sites"),
            ("POST", f"/services/trials/nci/{CONFIRMED_NCI_ID}/sites"),
        ]
        assert fake.requests[1].body == (sites / "ctep-CA001.xml").read_bytes()
        assert fake.requests[2].body == (sites / "po-5.xml").read_bytes()
        assert (
            f"NCT03281889: site po:5: site_registration: POST {base_url}/trials/nci/"
            f"{CONFIRMED_NCI_ID}/sites: confirmed, site id 50002"
        ) in sent.stdout.splitlines()
        assert "3 sent, 3 confirmed, 0 failed" in sent.stdout
        assert store_rows(
            office, "select site, operation, http_status, outcome, site_id from submissions "
            "where site is not null order by site"
        ) == [
            ("ctep:CA001", "site_registration", 200, "confirmed", 50001),
            ("po:5", "site_registration", 200, "confirmed", 50002),
        ]  # fmt: skip

        assert ctrp("submit", env=env, office=office).returncode == 0  # nothing changed
        assert len(fake.requests) == 3
        (office / "trials.yml").write_text(
            SITES.replace("status: Active", "status: Closed to Accrual")
        )
        rewritten = ctrp("documents", env=env, office=office).stdout.splitlines()
        assert rewritten[0] == (  # the registration is confirmed: an update by the NCI id
            f"NCT03281889: ready: POST /trials/abbreviated/nci/{CONFIRMED_NCI_ID} "
            f"{office / 'out' / 'NCT03281889' / 'AbbreviatedTrialUpdate.xml'}"
        )
        assert rewritten[1] == (
            f"NCT03281889: site po:5: ready: PUT /trials/nci/{CONFIRMED_NCI_ID}/sites/po/5 "
            f"{sites / 'po-5.xml'}"
        )
        updated = ctrp("submit", "--nct", "NCT03281889", env=env, office=office)
        assert updated.returncode == 0, updated.stdout
        (office / "trials.yml").write_text(SITES)  # and back: CTRP has the change, so it goes
        ctrp("documents", env=env, office=office)
        assert ctrp("submit", env=env, office=office).returncode == 0
    assert [(r.method, r.path) for r in fake.requests[3:]] == [
        ("POST", f"/services/trials/abbreviated/nci/{CONFIRMED_NCI_ID}"),
        ("PUT", f"/services/trials/nci/{CONFIRMED_NCI_ID}/sites/po/5"),
        ("PUT", f"/services/trials/nci/{CONFIRMED_NCI_ID}/sites/po/5"),
    ]  # the unchanged site is not sent again
    assert ET.fromstring(fake.requests[-1].body).findtext(f"{NS}recruitmentStatus") == "Active"
    site_update = ET.fromstring(fake.requests[4].body)  # ParticipatingSiteUpdate
    assert site_update.tag == f"{NS}ParticipatingSiteUpdate"
    assert site_update.findtext(f"{NS}recruitmentStatus") == "Closed to Accrual"
    assert "NCT03281889: site ctep:CA001: site_registration already sent, confirmed" in (
        updated.stdout
    )


def test_a_sites_400_404_412_500_and_401_are_answered_as_a_trials(live, office):
    site = (
        "    - {{organization: po:{}, local_trial_id: L{}, status: Approved, "
        "status_date: 2024-01-10, principal_investigator: po:1}}\n"
    )
    (office / "trials.yml").write_text(
        "NCT03281889:\n  mode: abbreviated\n  nci_id: NCI-2018-03030\n  sites:\n"
        + "".join(site.format(n, n) for n in (5, 6, 7, 8, 9))
    )
    fake = FakeCtrp()
    fake.then(
        Reply(200, CONFIRMATION),  # the trial's update
        Reply(404, b"Organization with PO ID 5 not found", "text/plain"),
        Reply(400, b"Validation Exception Date Opened for Accrual must be null", "text/plain"),
        Reply(500, b"po/7 is a participating site already", "text/plain"),
        Reply(412, b"Precondition Failed", "text/plain"),
        Reply(200, b"<html>maintenance</html>", "text/html"),
    )
    with serve(fake) as base_url:
        env = env_for(live, office, base_url)
        ctrp("documents", env=env, office=office)
        result = ctrp("submit", env=env, office=office)
        assert result.returncode == 1
        sent = f"site_registration: POST {base_url}/trials/nci/NCI-2018-03030/sites"
        lines = result.stdout.splitlines()
        assert lines[1:] == [
            f"NCT03281889: site po:5: {sent}: a person or organisation is not in PO (HTTP 404); "
            "ids sent: investigator po:1, organization po:5: Organization with PO ID 5 not found",
            f"NCT03281889: site po:6: {sent}: refused (HTTP 400): Validation Exception Date "
            "Opened for Accrual must be null",
            f"NCT03281889: site po:7: {sent}: CTRP server error (HTTP 500): po/7 is a "
            "participating site already",
            f"NCT03281889: site po:8: {sent}: the site is on the trial in CTRP already (HTTP 412)",
            f"NCT03281889: site po:9: {sent}: HTTP 200 but not a site id: "
            "'<html>maintenance</html>'",
            "6 sent, 1 confirmed, 4 failed",
        ]
        wrong = ctrp("submit", env=env_for(live, office, base_url, password="wrong"), office=office)
        assert wrong.returncode == 1 and len(fake.requests) == 7  # one request, then stopped
        assert (
            f"NCT03281889: site po:5: {sent}: CTRP refused the credentials (HTTP 401; "
            "CTW_CTRP_USERNAME / CTW_CTRP_PASSWORD): stopped, nothing else sent"
        ) in wrong.stdout.splitlines()
        again = ctrp("submit", env=env, office=office)  # the refused ones go again
    assert again.returncode == 0, again.stdout
    assert [r.path for r in fake.requests[7:]] == ["/services/trials/nci/NCI-2018-03030/sites"] * 4
    assert "4 sent, 4 confirmed, 0 failed" in again.stdout  # po:5, 6, 7, 9 (412 settled po:8)
    assert store_rows(office, "select site, outcome from submissions where site = 'po:8'") == [
        ("po:8", "already_registered")
    ]
