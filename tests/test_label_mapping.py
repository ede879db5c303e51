"""How well condition and drug labels reach MeSH (or ChEMBL) on real records: every real API v2
record bundled with the tests (tests/fixtures/ctgov/studies and pages) synced from the local
fake API and built with the AACT sample (CTW_SOURCES=aact,ctgov), then measured the way the
build summary measures it, and checked against labels mapped by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fakes.ctgov_server import FakeCtgov, serve
from tests import shared
from tests.helpers import duckdb_query, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov"

# Read from the records by hand: (NCT id, the label as the study gives it, the MeSH term it
# must map to, or None where nothing may be matched). Near misses are the None rows and the
# comments: a term with a word the label lacks, two equally good terms, an abbreviation.
CONDITIONS = [
    ("NCT00184067", "Melanoma", "Melanoma"),
    # diabetes, not its cause ("Cystic Fibrosis", whose words it holds); "Diabetes Mellitus"
    # has a word the label lacks
    ("NCT00763412", "Cystic Fibrosis Related Diabetes", None),
    # the study's narrower term, which holds every word of the label (no other label has it)
    ("NCT00763412", "Pancreatic Insufficiency", "Exocrine Pancreatic Insufficiency"),
    ("NCT00973089", "Caries, Dental", "Dental Caries"),
    # not "Dermatitis" or "Eczema": the term with most words
    ("NCT02210780", "Atopic Dermatitis", "Dermatitis, Atopic"),
    ("NCT02299791", "Cardiovascular Diseases", "Cardiovascular Diseases"),
    ("NCT02299791", "Diabetes Mellitus", "Diabetes Mellitus"),
    ("NCT02552212", "Axial Spondyloarthritis", "Axial Spondyloarthritis"),
    (
        "NCT02552212",
        "Nonradiographic Axial Spondyloarthritis",
        "Non-Radiographic Axial Spondyloarthritis",
    ),  # fmt: skip
    ("NCT02552212", "Nr-axSpA", None),  # an abbreviation
    ("NCT03064438", "Acne Rosacea", "Rosacea"),
    ("NCT03281889", "Brain Tumor", "Brain Neoplasms"),
    # not "Alcohol Drinking" (the label does not say drinking) nor "Alcoholism"
    ("NCT03418623", "Alcohol Use Disorder", None),
    ("NCT03475563", "Coronary Artery Disease", "Coronary Artery Disease"),
    (
        "NCT03630471",
        "Mental Health Issue (E.G., Depression, Psychosis, Personality Disorder, Substance Abuse)",
        None,
    ),  # fmt: skip  (not "Personality Disorders", one of its examples)
    ("NCT03934567", "Lymphoma, Follicular", "Lymphoma, Follicular"),
    ("NCT04523987", "Metastatic Pancreatic Ductal Adenocarcinoma", "Adenocarcinoma"),
    # not "Leukemia, Lymphocytic, Chronic, B-Cell" (no B-cell) nor "Leukemia, Lymphoid"
    ("NCT05147467", "Chronic Lymphocytic Leukemia", "Leukemia"),
    ("NCT05147467", "Small Lymphocytic Lymphoma", "Lymphoma"),
    ("NCT05594173", "Dysphagia", "Deglutition Disorders"),  # its only condition and term
    ("NCT06171568", "Brain Injuries", "Brain Injuries"),
]
DRUGS = [
    ("NCT00002525", "fluorouracil", "Fluorouracil"),
    ("NCT00002525", "leucovorin calcium", "Leucovorin"),
    ("NCT00127205", "clodronate disodium", "Clodronic Acid"),
    ("NCT00127205", "ibandronate sodium", "Ibandronic Acid"),
    ("NCT00127205", "zoledronic acid", "Zoledronic Acid"),
    ("NCT00184067", "Montanide ISA 51", "Monatide (IMS 3015)"),  # its only drug and term
    ("NCT00390806", "HYCAMTIN, oral capsules", "Topotecan"),  # its only drug and term
    ("NCT00579826", "Letrozole", "Letrozole"),
    ("NCT00763412", "repaglinide", "Repaglinide"),
    ("NCT00813293", "Sorafenib", "Sorafenib"),
    ("NCT00877253", "Genexol-PM 220mg/㎡, Carboplatin 5AUC", "Carboplatin"),
    ("NCT01007942", "everolimus", "Everolimus"),
    ("NCT01007942", "trastuzumab", "Trastuzumab"),
    ("NCT01007942", "vinorelbine", "Vinorelbine"),
    ("NCT01782690", "Erlotinib", "Erlotinib Hydrochloride"),
    ("NCT04267848", "Gemcitabine Hydrochloride", "Gemcitabine"),
    ("NCT02411448", "Osimertinib", "Osimertinib"),
    ("NCT02552212", "Certolizumab Pegol", "Certolizumab Pegol"),
    ("NCT02873195", "Atezolizumab", "Atezolizumab"),
    ("NCT04267848", "Pemetrexed Disodium", "Pemetrexed"),
    ("NCT04523987", "Ciprofloxacin", "Ciprofloxacin"),
    # two drugs and both their terms: never a guess between them
    ("NCT04114136", "Nivolumab or Pembrolizumab (dependent upon approved indication)", None),
    # the study's one term (Flucytosine) belongs to one of its two drugs: not guessed
    ("NCT02576665", "Toca FC", None),
    ("NCT02576665", "Toca 511", None),
    ("NCT00000105", "Biosyn KLH", None),  # an abbreviation of Keyhole-limpet hemocyanin
    ("NCT02513394", "Standard Adjuvant Endocrine Therapy", None),
]


def api_records() -> list[dict]:
    """Every real API v2 record of the fixtures, the newest file of a study winning."""
    files = sorted((FIXTURES / "studies").glob("*.json")) + sorted(
        (FIXTURES / "pages").glob("*.json")
    )
    by_id: dict[str, dict] = {}
    for path in files:
        document = json.loads(path.read_text())
        for study in document.get("studies", [document]):
            by_id[study["protocolSection"]["identificationModule"]["nctId"]] = study
    return list(by_id.values())


@pytest.fixture(scope="session")
def registry_build():
    def build(tmp: Path) -> dict:
        env = {
            "CTW_CTGOV_MIRROR": str(tmp / "mirror.duckdb"),
            "CTW_DUCKDB_PATH": str(tmp / "warehouse.duckdb"),
            "CTW_SOURCES": "aact,ctgov",
        }
        with serve(FakeCtgov(api_records())) as url:
            synced = run_cli("ctgov-sync", env={**env, "CTW_CTGOV_API_URL": url}, dagster_home=tmp)
            assert synced.returncode == 0, synced.stderr[-2000:]
        built = run_cli("build", env=env, dagster_home=tmp)
        assert built.returncode == 0, built.stderr[-3000:]
        return {"stdout": built.stdout}

    tmp, done = shared.once("registry_build", build)
    return done["stdout"], duckdb_query(tmp / "warehouse.duckdb")


def test_the_mapped_shares_on_real_records_are_met_and_printed(registry_build):
    stdout, query = registry_build
    [(conditions_mapped, conditions, drugs_mapped, drugs)] = query(
        "select sum(case when condition_mesh_terms > 0 then conditions_mapped end), "
        "sum(case when condition_mesh_terms > 0 then condition_count end), "
        "sum(drugs_mapped), sum(drug_count) from marts.dim_trials"
    )
    assert conditions >= 20 and drugs >= 50  # the measure covers every record, not a few
    assert conditions_mapped / conditions >= 0.75, (conditions_mapped, conditions)
    assert drugs_mapped / drugs >= 0.70, (drugs_mapped, drugs)
    line = next(line for line in stdout.splitlines() if "mapped per study" in line)
    assert re.search(
        rf"conditions {conditions_mapped} of {conditions} \(\d+ %\) in studies with MeSH "
        rf"condition terms; drugs {drugs_mapped} of {drugs} \(\d+ %\) to a MeSH or ChEMBL id",
        line,
    ), line
    assert "clinical_mining: about 57 % of indications, 53 % of drugs" in line


def _wrong_matches(query, checked: list, sql: str) -> list:
    """The hand-checked (NCT id, label, term) rows whose label maps elsewhere (`sql` selects
    the one mapped term of a study's label)."""
    wrong = []
    for nct_id, label, expected in checked:
        rows = query(sql.format(nct_id=nct_id, label=label.replace("'", "''")))
        assert len(rows) == 1, (nct_id, label, rows)
        if rows[0][0] != expected:
            wrong.append((nct_id, label, rows[0][0], expected))
    return wrong


def test_hand_checked_condition_labels_map_to_their_descriptor_and_no_other(registry_build):
    assert len(CONDITIONS) + len(DRUGS) >= 40
    assert (
        _wrong_matches(
            registry_build[1],
            CONDITIONS,
            "select condition_mesh_term from intermediate.int_trial_conditions "
            "where nct_id = '{nct_id}' and condition_key = lower('{label}')",
        )
        == []
    )


def test_hand_checked_drug_labels_map_to_their_descriptor_and_no_other(registry_build):
    assert (
        _wrong_matches(
            registry_build[1],
            DRUGS,
            "select drug_mesh_term from intermediate.int_trial_drugs "
            "where nct_id = '{nct_id}' and strpos(lower(spellings), lower('{label}')) > 0",
        )
        == []
    )


def test_a_descriptor_has_one_id_whichever_registry_names_it(registry_build):
    """The API pads MeSH ids to ten characters (D000002939); AACT's, MeSH's and gilda's are
    NLM's seven: the warehouse writes NLM's, so the two registries' studies meet in one row
    per descriptor and gilda's cross-references reach the API's studies."""
    query = registry_build[1]
    assert query(
        "select count(distinct mesh_term), count(distinct mesh_id), "
        "count(distinct mesh_term || '|' || mesh_id) from marts.fct_drug_mesh_conditions"
    ) == [(93, 93, 93)]
    # ciprofloxacin comes only from an API record (NCT04523987): its ChEBI id is gilda's
    assert query(
        "select mesh_id, chebi_id from marts.dim_drugs where drug_key = 'ciprofloxacin'"
    ) == [("D002939", "CHEBI:100241")]
    # a descriptor created after NLM's ids grew to ten characters keeps them
    assert query(
        "select distinct mesh_id from marts.fct_drug_mesh_conditions "
        "where mesh_term = 'Non-Radiographic Axial Spondyloarthritis'"
    ) == [("D000089202",)]
