"""`./warehouse ctrp validate`: real CTRP request and response documents against the bundled
schemas, with the verdicts the XSD standard gives (xmlschema), one line per error."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from orchestration.ctrp.validate import SCHEMA_DIR, validate_file
from orchestration.settings import REPO_ROOT
from tests.helpers import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "ctrp"
REQUESTS = FIXTURES / "requests"
SHARED = REPO_ROOT.parent / "shared" / "fixtures" / "ctrp"
VALID = [
    REQUESTS / "register_complete.xml",
    REQUESTS / "update_abbr.xml",
    # carries a newline inside xs:date values: valid by the XSD rule, refused by libxml2
    REQUESTS / "integration_register_complete_minimal_dataset.xml",
    FIXTURES / "responses" / "response_TrialRegistrationConfirmation_NCI-2018-03030.xml",
]
INVALID = sorted(
    {
        *REQUESTS.glob("amend_*.xml"),
        *REQUESTS.glob("*schema_violation*.xml"),
        *REQUESTS.glob("*bad_schema*.xml"),
    }
)


def test_the_fixture_verdicts_of_the_cli(tmp_path):
    assert len(INVALID) == 9  # 3 amendments, 5 schema violations, 1 bad schema
    files = [str(p) for p in VALID + INVALID]
    result = run_cli("ctrp", "validate", *files, env={}, dagster_home=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    for path in VALID:
        assert f"{path}: valid" in lines
    for path in INVALID:
        errors = [line for line in lines if line.startswith(f"{path}: /")]
        assert errors, f"{path.name} was not reported invalid"
        assert f"{path}: valid" not in lines
    # one line per error, with the element's path and the reason
    assert (
        f"{REQUESTS / 'amend_complete.xml'}: /tns:CompleteTrialAmendment: Unexpected child with "
        "tag 'tns:dcpIdentifier' at position 37."
    ) in lines
    assert (
        f"{REQUESTS / 'integration_register_complete_schema_violation.xml'}: "
        "/tns:CompleteTrialRegistration/tns:category: value must be one of "
        "['National', 'Externally Peer-Reviewed', 'Institutional']"
    ) in lines


def test_valid_files_exit_0_and_what_is_not_xml_exits_1(tmp_path):
    valid = run_cli("ctrp", "validate", *map(str, VALID), env={}, dagster_home=tmp_path)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert valid.stdout.splitlines() == [f"{path}: valid" for path in VALID]

    text = tmp_path / "notes.xml"
    text.write_text("this is not XML\n")
    foreign = tmp_path / "foreign.xml"
    foreign.write_text("<trial><id>1</id></trial>")
    result = run_cli(
        "ctrp", "validate", str(text), str(foreign), str(tmp_path / "absent.xml"),
        env={}, dagster_home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{text}: /: not XML: invalid XML syntax: syntax error: line 1, column 0",
        f"{foreign}: /trial: 'trial' is not an element of the schema",
        f"{tmp_path / 'absent.xml'}: /: cannot read the file: No such file or directory",
    ]


def test_relative_paths_are_read_from_the_callers_directory(tmp_path):
    result = run_cli(
        "ctrp", "validate", "requests/update_abbr.xml",
        env={"CTW_CALLER_CWD": str(FIXTURES)}, dagster_home=tmp_path,
    )  # fmt: skip
    assert result.stdout == "requests/update_abbr.xml: valid\n", result.stderr


def test_the_bundled_schemas_are_ctrps_unchanged():
    provenance = (SCHEMA_DIR / "PROVENANCE.md").read_text()
    for name in ("ws.xsd", "po.xsd"):
        digest = hashlib.sha256((SCHEMA_DIR / name).read_bytes()).hexdigest()
        assert digest in provenance, name
        if SHARED.is_dir():
            assert (SCHEMA_DIR / name).read_bytes() == (SHARED / name).read_bytes()


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")
def test_every_shared_sample_gets_the_verdict_its_readme_gives():
    """All amendment samples fail on element order, the files named as violations fail, and
    every other request (newlines inside dates included) and the response are valid."""
    for path in sorted(SHARED.glob("*/*.xml")):
        errors = validate_file(path)
        meant_invalid = "amend" in path.name or "violation" in path.name.lower()
        meant_invalid = meant_invalid or "bad_schema" in path.name
        assert bool(errors) == meant_invalid, (path.name, errors[:1])
