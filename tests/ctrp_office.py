"""The CTRP trial office of the end-to-end tests: the sample's warehouse built with a trial sheet
(once per session, `ctrp_live` in conftest.py), an office folder with the sheet and the
documents it names, and running `./warehouse ctrp …` against a built warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from orchestration.ctrp.validate import NAMESPACE
from orchestration.settings import SAMPLE_AACT_DIR
from tests.helpers import run_cli

# Two studies of the sample get a combined phase, one in AACT's legacy label and one as AACT
# writes API v2 codes, so the mapping of both to CTRP's I/II is seen in the mart and on the wire.
COMBINED_PHASES = {"NCT00877253": "Phase 1/Phase 2", "NCT04523987": "PHASE1, PHASE2"}
UNREACHABLE = "http://127.0.0.1:9/services"  # dry runs and document runs never connect
NS = f"{{{NAMESPACE}}}"

SHEET = """\
defaults:
  lead_organization: po:181802
  category: Externally Peer-Reviewed
  accrual_disease_terminology: ICD10
NCT04523987:
  mode: complete
  principal_investigator: ctep:JDOE01
  funding_sponsor: po:2
  nci_grant: {funding_mechanism: P30, nih_institution_code: CA, serial_number: "016087",
              nci_division_program_code: OD}
  trial_owners: [registrar@example.org]
  documents: {protocol: docs/protocol.pdf, irb_approval: docs/irb.pdf}
NCT03281889:
  mode: abbreviated
NCT99999999:
  mode: abbreviated
NCT03475563:
  mode: abbreviated
NCT04267848:
  mode: complete
  documents: {protocol: docs/protocol.pdf, irb_approval: docs/missing.pdf}
NCT00184067:
  mode: complete
  principal_investigator: po:5000
  funding_sponsor: po:2
  documents: {protocol: docs/protocol.pdf, irb_approval: docs/irb.pdf}
  overrides:
    why_stopped: >-
      The principal investigator left the institution and no other investigator at the site
      was able to take over the trial, so accrual stopped and the sponsor closed the study early.
"""


def set_phases(studies: Path, phases: dict[str, str]) -> None:
    """Rewrite the phase of a few quote-free study records (plain `|`-separated fields)."""
    lines = studies.read_text(encoding="utf-8").split("\n")
    position = lines[0].split("|").index("phase")
    for n, line in enumerate(lines):
        fields = line.split("|")
        if fields[0] in phases:
            assert '"' not in line
            fields[position] = phases[fields[0]]
            lines[n] = "|".join(fields)
    studies.write_text("\n".join(lines), encoding="utf-8")


def make_office(folder: Path) -> Path:
    """A trial office's folder: the sheet and the documents it names."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "protocol.pdf").write_bytes(b"%PDF-1.4 protocol")
    (folder / "docs" / "irb.pdf").write_bytes(b"%PDF-1.4 IRB approval")
    (folder / "trials.yml").write_text(SHEET)
    return folder


def build_live(tmp: Path) -> Path:
    """The sample's warehouse, built with a trial sheet set: the build writes the documents
    after publishing, as the build_warehouse job's ctrp/documents asset does."""
    sample = tmp / "aact"
    shutil.copytree(SAMPLE_AACT_DIR, sample)
    set_phases(sample / "studies.txt", COMBINED_PHASES)
    live = tmp / "warehouse.duckdb"
    office = make_office(tmp / "office")
    env = {
        "CTW_DUCKDB_PATH": str(live),
        "CTW_AACT_FLATFILES": str(sample),
        "CTW_CTRP_TRIALS": str(office / "trials.yml"),
        "CTW_CTRP_DIR": str(office / "out"),
    }
    built = run_cli("build", env=env, dagster_home=tmp / "home")
    assert built.returncode == 0, built.stderr[-3000:]
    assert built.stdout.splitlines()[-1] == (
        f"6 CTRP document(s): 2 ready, 4 blocked, 0 invalid in {office / 'out'} "
        "(`./warehouse ctrp documents` lists them)"
    )
    assert (office / "out" / "NCT04523987" / "CompleteTrialRegistration.xml").exists()
    return live


def env_for(live: Path, office: Path, base_url=UNREACHABLE, password="s3cret") -> dict:
    return {
        "CTW_DUCKDB_PATH": str(live),
        "CTW_CTRP_TRIALS": str(office / "trials.yml"),
        "CTW_CTRP_DIR": str(office / "out"),
        "CTW_CTRP_BASE_URL": base_url,
        "CTW_CTRP_USERNAME": "registrar",
        "CTW_CTRP_PASSWORD": password,
    }


def ctrp(*args: str, env: dict, office: Path):
    return run_cli("ctrp", *args, env=env, dagster_home=office / "home")


def store_rows(office: Path, statement: str) -> list[tuple]:
    with duckdb.connect(str(office / "out" / "ctrp.duckdb"), read_only=True) as con:
        return con.execute(statement).fetchall()
