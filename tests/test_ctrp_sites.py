"""Participating sites' requests, written from the trial sheet: the very requests of the
service's own test suite (ParticipatingSiteServiceTest), valid against ws.xsd, addressed by the
trial's id once it is registered, blocked with the element named, and updated once CTRP has the
site. Sending them: tests/test_ctrp_registration.py."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from orchestration.ctrp.sheet import Center, PartyId, Site, TrialEntry
from orchestration.ctrp.sites import build_site_document
from orchestration.ctrp.trial_ids import Confirmed
from orchestration.ctrp.validate import NAMESPACE, validate_bytes

REQUESTS = Path(__file__).parent / "fixtures" / "ctrp" / "requests"
NS = f"{{{NAMESPACE}}}"
CONFIRMED = Confirmed(1618195, "NCI-2018-03030")
ENTRY = TrialEntry(nct_id="NCT03281889", mode="abbreviated")
# integration_ps_add.xml's site
SITE = Site(
    organization=PartyId("po", "5"),
    status="Administratively Complete",
    status_date=date(2001, 5, 6),
    local_trial_id="MN000001",
    principal_investigator=PartyId("po", "1"),
    program_codes=("PG0000001",),
    target_accrual=100000,
    opened_for_accrual=date(2001, 2, 2),
    closed_for_accrual=date(2010, 3, 4),
)


def elements(content: bytes) -> list[tuple[str, str, dict]]:
    """Every element in document order: tag, text, attributes (the root's left out: the
    service's files carry an xsi:schemaLocation)."""
    root = ET.fromstring(content)
    return [(e.tag, (e.text or "").strip(), e.attrib if e is not root else {}) for e in root.iter()]


@pytest.mark.parametrize(
    ("site", "fixture"),
    [
        (SITE, "integration_ps_add.xml"),
        (
            Site(
                organization=PartyId("po", "3"),
                status="In Review",
                status_date=date(2001, 5, 6),
                local_trial_id="MN1234",
                principal_investigator=PartyId("po", "1"),
            ),
            "integration_ps_add_minimum_info.xml",
        ),
    ],
)
def test_a_site_is_written_as_the_services_own_request(site, fixture):
    document = build_site_document(ENTRY, site, CONFIRMED)
    assert (document.status, document.problems) == ("ready", ())
    assert (document.operation, document.method, document.url_path) == (
        "site_registration", "POST", "/trials/nci/NCI-2018-03030/sites",
    )  # fmt: skip
    assert validate_bytes(document.content) == []
    assert elements(document.content) == elements((REQUESTS / fixture).read_bytes())
    assert document.file_name() == f"sites/po-{site.organization.value}.xml"


def test_a_sites_url_waits_for_the_trials_registration_and_follows_its_id():
    assert build_site_document(ENTRY, SITE).url_path == "/trials/{trial}/sites"
    by_pa = replace(ENTRY, update_by="pa")
    assert build_site_document(by_pa, SITE, CONFIRMED).url_path == "/trials/pa/1618195/sites"
    by_ctep = replace(ENTRY, ctep_id="10152", update_by="ctep")
    assert build_site_document(by_ctep, SITE).url_path == "/trials/ctep/10152/sites"


def test_a_site_lacking_what_ctrp_needs_is_blocked_with_the_element_named():
    bare = Site(organization=PartyId("ctep", "CA001"), status="Active")
    document = build_site_document(ENTRY, bare, CONFIRMED)
    assert (document.status, document.content) == ("blocked", None)
    assert document.problems == (
        "NCT03281889: site ctep:CA001: recruitmentStatusDate: not in the trial sheet (status_date)",
        "NCT03281889: site ctep:CA001: localTrialIdentifier: not in the trial sheet (sites: "
        "local_trial_id, the site's own id for the trial)",
        "NCT03281889: site ctep:CA001: investigator: no principal investigator in the trial "
        "sheet (sites: principal_investigator: po:<id> or ctep:<id>)",
        "NCT03281889: site ctep:CA001: openedForAccrual: needed for a site Active "
        "(rule site-accrual-dates)",
    )


def test_ctrps_site_rules_are_checked_before_sending():
    in_review = replace(SITE, status="In Review", closed_for_accrual=None)
    center = Center(program_codes=("PG1",), organizations=(PartyId("po", "2"),))
    document = build_site_document(ENTRY, in_review, CONFIRMED, center=center)
    assert document.problems == (
        "NCT03281889: site po:5: openedForAccrual: must be empty for a site In Review, found "
        "2001-02-02 (rule site-accrual-dates)",
        "NCT03281889: site po:5: programCode: 'PG0000001' is not one of the center's program "
        "codes (PG1) (rule program-codes)",
        "NCT03281889: site po:5: programCode: CTRP ignores program codes unless the site (po:5) "
        "is one of the center's organisations (center_organizations) (rule program-codes)",
    )


def test_a_site_ctrp_has_is_updated_when_it_changes():
    addition = build_site_document(ENTRY, SITE, CONFIRMED)
    unchanged = build_site_document(ENTRY, SITE, CONFIRMED, settled=addition.sha256)
    assert unchanged == addition  # the request settled already: not sent again
    closed = replace(SITE, status="Completed")
    update = build_site_document(ENTRY, closed, CONFIRMED, settled=addition.sha256)
    assert (update.operation, update.method, update.url_path, update.root) == (
        "site_update", "PUT", "/trials/nci/NCI-2018-03030/sites/po/5", "ParticipatingSiteUpdate",
    )  # fmt: skip
    assert validate_bytes(update.content) == []
    root = ET.fromstring(update.content)
    assert root.findtext(f"{NS}recruitmentStatus") == "Completed"
    assert root.find(f"{NS}organization") is None  # an update cannot change the organisation
    by_ctep = replace(closed, organization=PartyId("ctep", "CA001"))
    assert build_site_document(ENTRY, by_ctep, CONFIRMED, settled="0" * 64).url_path == (
        "/trials/nci/NCI-2018-03030/sites/ctep/CA001"
    )
