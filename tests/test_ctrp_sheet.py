"""The trial sheet (CTW_CTRP_TRIALS): what it accepts, and errors that name file, entry, key and
value for everything it refuses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from orchestration.ctrp.sheet import (
    Center,
    Grant,
    IndIde,
    PartyId,
    SheetError,
    Site,
    read_sheet,
)

SHEET = """\
defaults:
  lead_organization: po:181802
  category: Externally Peer-Reviewed
  accrual_disease_terminology: ICD10
NCT04523987:
  mode: complete
  principal_investigator: ctep:JDOE01
  funding_sponsor: po:2
  nci_grant:
    funding_mechanism: P30
    nih_institution_code: CA
    serial_number: "016087"
    nci_division_program_code: OD
    funding_percentage: 100
  ind_ide:
    - {type: IND, number: "123456", grantor: CDER, holder_type: NIH, nih_institution: NEI}
  program_code: PG00001
  trial_owners: [owner@example.org]
  documents: {protocol: docs/protocol.pdf, irb_approval: docs/irb.pdf, other: [docs/a.pdf]}
  overrides: {primary_purpose: Other, status_date: 2024-01-15, amendment_date: "2024-02-01"}
NCT03281889:
  mode: abbreviated
  nci_id: NCI-2018-03030
  lead_organization: ctep:MA036
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "trials.yml"
    path.write_text(text)
    return path


def test_a_sheet_reads_into_entries_with_defaults(tmp_path):
    sheet = read_sheet(write(tmp_path, SHEET))
    assert [e.nct_id for e in sheet.entries] == ["NCT03281889", "NCT04523987"]
    abbreviated, complete = sheet.entries
    assert abbreviated.mode == "abbreviated" and abbreviated.nci_id == "NCI-2018-03030"
    assert abbreviated.lead_organization == PartyId("ctep", "MA036")  # its own beats the default
    assert abbreviated.category == "Externally Peer-Reviewed"  # from defaults
    assert complete.lead_organization == PartyId("po", "181802")
    assert complete.principal_investigator == PartyId("ctep", "JDOE01")
    assert complete.nci_grants == (Grant("P30", "CA", "016087", "OD", 100.0),)
    assert complete.ind_ide == (IndIde("IND", "123456", "CDER", "NIH", nih_institution="NEI"),)
    assert complete.trial_owners == ("owner@example.org",)
    assert complete.documents.protocol == tmp_path / "docs" / "protocol.pdf"  # beside the sheet
    assert complete.documents.other == (tmp_path / "docs" / "a.pdf",)
    assert complete.overrides.status_date == date(2024, 1, 15)
    assert complete.overrides.amendment_date == date(2024, 2, 1)
    assert complete.overrides.primary_purpose == "Other"


def test_every_problem_names_the_entry_the_key_and_the_value(tmp_path):
    path = write(
        tmp_path,
        """\
NCT1234:
  mode: complete
NCT00000105:
  mode: partial
  colour: blue
  nci_id: NCI-18
  lead_organization: 181802
  principal_investigator: po:JDOE
  nci_grant: {funding_mechanism: p30, nih_institution_code: CA, serial_number: "1"}
  documents: {protocol: a.pdf, consent: b.pdf}
  overrides: {status_date: 2024-13-01, primary_purpose: Cure}
NCT00002525:
  category: Local
""",
    )
    with pytest.raises(SheetError) as raised:
        read_sheet(path)
    assert str(raised.value).splitlines() == [
        f"{path}: 'NCT1234': not an NCT id (NCT followed by 8 digits)",
        f"{path}: NCT00000105: colour: unknown key (known: mode, nci_id, pa_id, ctep_id, dcp_id, "
        "update_by, lead_organization, principal_investigator, funding_sponsor, category, "
        "accrual_disease_terminology, nci_grant, ind_ide, program_code, trial_owners, documents, "
        "overrides, sites)",
        f"{path}: NCT00000105: mode: 'partial' is not one of abbreviated, complete",
        f"{path}: NCT00000105: nci_id: 'NCI-18' is not an NCI id such as NCI-2018-03030",
        f"{path}: NCT00000105: lead_organization: '181802' is not po:<PO id, digits> or "
        "ctep:<CTEP id>",
        f"{path}: NCT00000105: principal_investigator: 'po:JDOE' is not po:<PO id, digits> or "
        "ctep:<CTEP id>",
        f"{path}: NCT00000105: nci_grant: funding_mechanism: 'p30' is not 3 capitals or digits "
        "(P30, …)",
        f"{path}: NCT00000105: nci_grant: nci_division_program_code: missing",
        f"{path}: NCT00000105: documents: consent: unknown key (known: protocol, irb_approval, "
        "informed_consent, other, change_memo, protocol_highlight)",
        f"{path}: NCT00000105: overrides: primary_purpose: 'Cure' is not one of Treatment, "
        "Prevention, Supportive Care, Screening, Diagnostic, Health Services Research, "
        "Basic Science, Other",
        f"{path}: NCT00000105: overrides: status_date: '2024-13-01' is not a date (YYYY-MM-DD)",
        f"{path}: NCT00002525: mode: missing",
        f"{path}: NCT00002525: category: 'Local' is not one of National, Externally "
        "Peer-Reviewed, Institutional",
    ]


def test_an_nct_id_given_twice_and_broken_yaml_name_their_lines(tmp_path):
    twice = write(tmp_path, "NCT04523987:\n  mode: complete\nNCT04523987:\n  mode: abbreviated\n")
    with pytest.raises(SheetError, match=r"line 3: 'NCT04523987' is given twice \(lines 1 and 3\)"):
        read_sheet(twice)
    broken = write(tmp_path, "NCT04523987:\n  mode: [complete\n")
    with pytest.raises(SheetError, match=rf"^{broken}: line 3: "):
        read_sheet(broken)
    with pytest.raises(SheetError, match="cannot read the trial sheet: No such file"):
        read_sheet(tmp_path / "absent.yml")
    listed = write(tmp_path, "- NCT04523987\n")
    with pytest.raises(SheetError, match="expected a mapping of NCT ids to entries, found a list"):
        read_sheet(listed)
    assert read_sheet(write(tmp_path, "# no trials yet\n")).entries == ()


CENTER_SHEET = """\
program_codes: [PG1, PG2]
center_organizations: [po:181802, ctep:MA036]
NCT04523987:
  mode: complete
  nci_id: NCI-2018-03030
  pa_id: 1618195
  ctep_id: 10152
  dcp_id: DCP-001
  update_by: dcp
  program_code: PG1;PG2
  documents: {change_memo: docs/memo.pdf, protocol_highlight: docs/highlight.pdf}
  overrides: {amendment_date: 2024-02-01, amendment_number: 3, primary_purpose_other: Feasibility}
  sites:
    - organization: po:5
      local_trial_id: MN000001
      status: Active
      status_date: 2024-01-15
      opened_for_accrual: 2024-01-20
      principal_investigator: po:1
      program_code: [PG2]
      target_accrual: 40
    - {organization: ctep:CA001, status: In Review}
"""


def test_ids_amendments_sites_and_the_centers_program_codes(tmp_path):
    sheet = read_sheet(write(tmp_path, CENTER_SHEET))
    assert sheet.center == Center(
        ("PG1", "PG2"), (PartyId("po", "181802"), PartyId("ctep", "MA036"))
    )
    (entry,) = sheet.entries
    ids = (entry.nci_id, entry.pa_id, entry.ctep_id, entry.dcp_id, entry.update_by)
    assert ids == ("NCI-2018-03030", "1618195", "10152", "DCP-001", "dcp")
    assert entry.program_codes == ("PG1", "PG2")  # CTRP's own form, split
    assert entry.overrides.amendment_number == "3"
    assert entry.overrides.primary_purpose_other == "Feasibility"
    assert entry.documents.change_memo == tmp_path / "docs" / "memo.pdf"
    assert entry.documents.protocol_highlight == tmp_path / "docs" / "highlight.pdf"
    assert entry.sites == (
        Site(
            organization=PartyId("po", "5"),
            status="Active",
            status_date=date(2024, 1, 15),
            local_trial_id="MN000001",
            principal_investigator=PartyId("po", "1"),
            program_codes=("PG2",),
            target_accrual=40,
            opened_for_accrual=date(2024, 1, 20),
        ),
        Site(organization=PartyId("ctep", "CA001"), status="In Review"),
    )


def test_bad_ids_sites_and_program_codes_name_entry_key_and_value(tmp_path):
    path = write(
        tmp_path,
        """\
program_codes: "PG1;;PG2"
center_organizations: [181802]
NCT04523987:
  mode: abbreviated
  pa_id: P-77
  ctep_id: "10 152"
  update_by: dcp
  sites:
    - {organization: po:5, status: Open, target_accrual: -1, colour: red}
    - {status: Active}
    - {organization: po:5, opened_for_accrual: 2024-02-30}
NCT03281889:
  mode: complete
  update_by: local
""",
    )
    with pytest.raises(SheetError) as raised:
        read_sheet(path)
    assert str(raised.value).splitlines() == [
        f"{path}: program_codes: 'PG1;;PG2' has an empty program code",
        f"{path}: center_organizations: '181802' is not po:<PO id, digits> or ctep:<CTEP id>",
        f"{path}: NCT04523987: pa_id: 'P-77' is not a PA trial id (digits)",
        f"{path}: NCT04523987: ctep_id: '10 152' is not one word of letters, digits, '.', '_' or "
        "'-' (it goes into the service's URLs)",
        f"{path}: NCT04523987: update_by: 'dcp' is not one of nci, pa, ctep for an abbreviated "
        "trial",
        f"{path}: NCT04523987: sites po:5: colour: unknown key (known: organization, "
        "local_trial_id, status, status_date, opened_for_accrual, closed_for_accrual, "
        "principal_investigator, program_code, target_accrual)",
        f"{path}: NCT04523987: sites po:5: status: 'Open' is not one of In Review, Approved, "
        "Active, Enrolling by Invitation, Closed to Accrual, Closed to Accrual and Intervention, "
        "Temporarily Closed to Accrual, Temporarily Closed to Accrual and Intervention, "
        "Withdrawn, Administratively Complete, Completed",
        f"{path}: NCT04523987: sites po:5: target_accrual: expected a whole number of 0 or more, "
        "found -1",
        f"{path}: NCT04523987: sites #2: organization: missing",
        f"{path}: NCT04523987: sites po:5: opened_for_accrual: '2024-02-30' is not a date "
        "(YYYY-MM-DD)",
        f"{path}: NCT03281889: update_by: 'local' is not one of nci, pa, ctep, dcp",
    ]


def test_a_site_given_twice_is_refused(tmp_path):
    path = write(
        tmp_path,
        "NCT04523987:\n  mode: abbreviated\n"
        "  sites: [{organization: po:5}, {organization: po:5}]\n",
    )
    with pytest.raises(SheetError, match=r"NCT04523987: sites: po:5 is given twice$"):
        read_sheet(path)
