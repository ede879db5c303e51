"""The API v2 flattener reproduces AACT's own rows (AACT's golden pair), with stable ids."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from orchestration.ctgov.flatten import TABLES, CtgovRecordError, flatten_study
from orchestration.ctgov.record_types import type_mismatches
from orchestration.raw.layouts import table_columns

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov"
GOLDEN = FIXTURES / "golden"
STUDIES = FIXTURES / "studies"

# AACT model name → table, for the models of the golden file that flatten_study produces.
# CalculatedValue is not compared: AACT computes it with SQL over the loaded database, it is
# not a mapping of the record. SearchResult is not derived from the record either.
MODEL_TABLES = {
    "Study": "studies",
    "BriefSummary": "brief_summaries",
    "DetailedDescription": "detailed_descriptions",
    "Condition": "conditions",
    "Keyword": "keywords",
    "BrowseCondition": "browse_conditions",
    "BrowseIntervention": "browse_interventions",
    "Design": "designs",
    "DesignGroup": "design_groups",
    "Intervention": "interventions",
    "InterventionOtherName": "intervention_other_names",
    "DesignGroupIntervention": "design_group_interventions",
    "DesignOutcome": "design_outcomes",
    "Eligibility": "eligibilities",
    "IdInformation": "id_information",
    "Sponsor": "sponsors",
    "ResponsibleParty": "responsible_parties",
    "OverallOfficial": "overall_officials",
    "CentralContact": "central_contacts",
    "Facility": "facilities",
    "FacilityContact": "facility_contacts",
    "FacilityInvestigator": "facility_investigators",
    "Country": "countries",
    "Link": "links",
    "Document": "documents",
    "IpdInformationType": "ipd_information_types",
    "StudyReference": "study_references",
    "Retraction": "retractions",
    "PendingResult": "pending_results",
    "ProvidedDocument": "provided_documents",
    "ResultGroup": "result_groups",
    "Outcome": "outcomes",
    "OutcomeMeasurement": "outcome_measurements",
    "OutcomeCount": "outcome_counts",
    "OutcomeAnalysis": "outcome_analyses",
    "OutcomeAnalysisGroup": "outcome_analysis_groups",
    "ParticipantFlow": "participant_flows",
    "Milestone": "milestones",
    "DropWithdrawal": "drop_withdrawals",
    "BaselineCount": "baseline_counts",
    "BaselineMeasurement": "baseline_measurements",
    "ReportedEvent": "reported_events",
    "ReportedEventTotal": "reported_event_totals",
    "ResultAgreement": "result_agreements",
    "ResultContact": "result_contacts",
}

# Skipped golden columns: `id` (AACT's sequence, ours is a stable hash), created_at/updated_at
# (AACT's load time, not data). Columns absent from the bundled DDL would be skipped too: the
# flattener writes exactly the DDL's columns.
SKIPPED = {"id", "created_at", "updated_at"}

# Foreign keys hold AACT's sequence ids; they are compared as the ordinal of the parent row
# (AACT numbers a study's parents consecutively in record order, so id - smallest id seen).
FOREIGN_KEYS = {
    "design_group_id": "design_groups",
    "intervention_id": "interventions",
    "facility_id": "facilities",
    "outcome_id": "outcomes",
    "outcome_analysis_id": "outcome_analyses",
    "reference_id": "study_references",
}

# Foreign keys (column, parent table) that every flattened table must satisfy.
REFERENCES = {
    "design_group_interventions": (
        ("design_group_id", "design_groups"),
        ("intervention_id", "interventions"),
    ),
    "intervention_other_names": (("intervention_id", "interventions"),),
    "facility_contacts": (("facility_id", "facilities"),),
    "facility_investigators": (("facility_id", "facilities"),),
    "retractions": (("reference_id", "study_references"),),
    "outcome_measurements": (("outcome_id", "outcomes"), ("result_group_id", "result_groups")),
    "outcome_counts": (("outcome_id", "outcomes"), ("result_group_id", "result_groups")),
    "outcome_analyses": (("outcome_id", "outcomes"),),
    "outcome_analysis_groups": (
        ("outcome_analysis_id", "outcome_analyses"),
        ("result_group_id", "result_groups"),
    ),
    "reported_events": (("result_group_id", "result_groups"),),
    "milestones": (("result_group_id", "result_groups"),),
    "drop_withdrawals": (("result_group_id", "result_groups"),),
    "baseline_counts": (("result_group_id", "result_groups"),),
    "baseline_measurements": (("result_group_id", "result_groups"),),
}

PYTHON_TYPES = {
    "text": str,
    "integer": int,
    "float": float,
    "boolean": bool,
    "date": date,
    "timestamp": datetime,
}


def flatten_all(study, **kwargs) -> dict[str, list[dict]]:
    """Every table the mapping can build (the load asks only for the tables it loads)."""
    return flatten_study(study, TABLES, **kwargs)


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _studies_in(document: dict) -> list[dict]:
    """A study file holds one study, or a search page of them (`studies`)."""
    return document["studies"] if "studies" in document else [document]


def _all_studies() -> list[tuple[str, dict]]:
    return [
        (f"{path.name}#{i}", study)
        for path in sorted(STUDIES.glob("*.json"))
        for i, study in enumerate(_studies_in(_load(path)))
    ]


@pytest.fixture(scope="module")
def golden() -> tuple[dict, dict]:
    page = _load(GOLDEN / "NCT06388018.input_page.json")
    return flatten_all(page["studies"][0]), _load(GOLDEN / "NCT06388018.expected_aact_rows.json")


def _golden_value(table: str, column: str, value):
    """AACT's test rows as the values of our typed columns."""
    kind = {c.name: c.kind for c in table_columns(table)}[column]
    if kind == "text" and isinstance(value, bool):
        # a boolean AACT's test schema has in a column the DDL keeps as text: Rails stores
        # booleans there as "t"/"f".
        return "t" if value else "f"
    return value


def _ours_value(value):
    return value.isoformat() if isinstance(value, date) else value


def _ordinals(rows: list[dict], column: str) -> dict[int, int]:
    ids = [row[column] for row in rows if row[column] is not None]
    return {i: i - min(ids) for i in ids} if ids else {}


def _compare(table: str, expected: list[dict], ours: dict) -> list[str]:
    """Compare one table as multisets of rows (AACT's golden order is its DB order)."""
    ddl = {c.name for c in table_columns(table)}
    columns = sorted(
        {k for row in expected for k in row} & ddl - SKIPPED if expected else ddl - SKIPPED
    )
    golden_fk = {c: _ordinals(expected, c) for c in columns if c in FOREIGN_KEYS}
    parent_index = {
        c: {row["id"]: n for n, row in enumerate(ours[FOREIGN_KEYS[c]])} for c in golden_fk
    }

    def golden_row(row: dict) -> tuple:
        return tuple(
            golden_fk[c].get(row.get(c)) if c in golden_fk else _golden_value(table, c, row.get(c))
            for c in columns
        )

    def our_row(row: dict) -> tuple:
        return tuple(
            parent_index[c].get(row[c]) if c in golden_fk else _ours_value(row[c]) for c in columns
        )

    want = Counter(map(golden_row, expected))
    got = Counter(map(our_row, ours[table]))
    return [] if want == got else [f"{table}: missing {want - got}, unexpected {got - want}"]


def test_matches_aact_golden_rows_for_nct06388018(golden):
    ours, expected = golden
    assert expected["nct_id"] == "NCT06388018"
    compared = [m for m in expected["models"] if m in MODEL_TABLES]
    assert set(expected["models"]) - set(compared) == {"CalculatedValue", "SearchResult"}
    problems = [
        problem
        for model in compared
        for problem in _compare(MODEL_TABLES[model], expected["models"][model], ours)
    ]
    assert not problems, "\n".join(problems)


def test_golden_spot_checks(golden):
    """The AACT conventions a reader relies on, spelled out."""
    ours, _ = golden
    study = ours["studies"][0]
    assert study["phase"] == "PHASE2"
    assert study["start_month_year"] == "2025-01-16"
    assert study["start_date"] == date(2025, 1, 16)
    assert study["verification_month_year"] == "2024-07"
    assert study["verification_date"] == date(2024, 7, 31)  # a month date → the month's end
    assert {(s["lead_or_collaborator"], s["name"]) for s in ours["sponsors"]} == {
        ("lead", "NRG Oncology"),
        ("collaborator", "National Cancer Institute (NCI)"),
        ("collaborator", "Canadian Cancer Trials Group (CCTG)"),
    }
    sarcoma = next(b for b in ours["browse_conditions"] if b["mesh_term"] == "Sarcoma")
    # AACT drops the descriptor id; the flattener keeps it as an extra key (no DDL column).
    assert sarcoma["mesh_type"] == "mesh-list" and sarcoma["mesh_id"] == "D000012509"
    assert Counter(b["mesh_type"] for b in ours["browse_conditions"]) == {
        "mesh-list": 3,
        "mesh-ancestor": 15,
    }


def test_outcomes_match_aact_rows_for_nct05594173():
    with open(GOLDEN / "NCT05594173.expected_outcomes.txt", encoding="utf-8", newline="") as f:
        expected = list(csv.DictReader(f, delimiter="|"))
    ours = flatten_all(_load(STUDIES / "NCT05594173.json"))["outcomes"]
    columns = list(expected[0])
    assert len(ours) == len(expected) == 2
    for want, got in zip(expected, ours, strict=True):
        for column in columns:
            value = got[column]
            text = "" if value is None else _ours_value(value)
            assert str(text) == want[column], (column, text, want[column])


def test_outcome_measurements_link_to_their_outcomes_groups():
    tables = flatten_all(_load(STUDIES / "NCT05594173.json"))
    groups = {g["id"]: g for g in tables["result_groups"]}
    measurements = tables["outcome_measurements"]
    assert len(measurements) == 12  # 2 outcomes x 6 bolus groups
    for m in measurements:
        group = groups[m["result_group_id"]]
        assert group["result_type"] == "Outcome"
        assert group["ctgov_group_code"] == m["ctgov_group_code"]
    first = [m for m in measurements if m["outcome_id"] == tables["outcomes"][0]["id"]]
    assert [(m["param_value"], m["param_value_num"], m["dispersion_value"]) for m in first][0] == (
        "22",
        22.0,
        "11",
    )


@pytest.mark.parametrize(
    "name,study", _all_studies(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_study_flattens_with_ddl_columns_and_types(name, study):
    tables = flatten_all(study)
    assert tuple(tables) == TABLES
    assert len(tables["studies"]) == 1
    for table, rows in tables.items():
        columns = table_columns(table)  # AACT's, plus the warehouse's mesh_id on browse tables
        for row in rows:
            assert tuple(row) == tuple(c.name for c in columns), table
            for column in columns:
                value = row[column.name]
                assert value is None or type(value) is PYTHON_TYPES[column.kind], (
                    name,
                    table,
                    column.name,
                    value,
                )


def test_sparse_records_flatten():
    for name in ("NCT00465816.json", "NCT03453554.json"):
        tables = flatten_all(_load(STUDIES / name))
        assert tables["studies"][0]["nct_id"] == name.removesuffix(".json")
        assert tables["conditions"] == [] or name == "NCT03453554.json"


def test_one_phase_sent_as_a_string_is_that_phase():
    study = _load(STUDIES / "NCT02210780.json")
    listed = flatten_all(study)["studies"][0]["phase"]
    study["protocolSection"]["designModule"]["phases"] = listed  # "PHASE2", not ["PHASE2"]
    assert "/" not in listed and flatten_all(study)["studies"][0]["phase"] == listed


@pytest.mark.parametrize("name", ["NCT02210780.json", "NCT02552212.v2024-01-03.json"])
def test_row_counts_follow_the_json(name):
    study = _load(STUDIES / name)
    tables = flatten_all(study)
    p = study["protocolSection"]
    arms = p["armsInterventionsModule"]
    assert len(tables["conditions"]) == len(p["conditionsModule"]["conditions"])
    assert len(tables["interventions"]) == len(arms["interventions"])
    assert len(tables["design_groups"]) == len(arms["armGroups"])
    assert len(tables["design_group_interventions"]) == sum(
        len(i.get("armGroupLabels", [])) for i in arms["interventions"]
    )
    assert len(tables["facilities"]) == len(p["contactsLocationsModule"]["locations"])
    assert len(tables["outcomes"]) == len(
        study["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"]
    )
    assert len(tables["sponsors"]) == 1 + len(
        p["sponsorCollaboratorsModule"].get("collaborators", [])
    )


def test_ids_are_deterministic_and_unique():
    for name, study in _all_studies():
        first, second = flatten_all(study), flatten_all(json.loads(json.dumps(study)))
        assert first == second, name
        for table, rows in first.items():
            ids = [row["id"] for row in rows if "id" in row]
            assert len(ids) == len(set(ids)), (name, table)
            assert all(0 < i < 2**63 for i in ids), (name, table)


def test_foreign_keys_are_consistent():
    checked = Counter()
    for name, study in _all_studies():
        tables = flatten_all(study)
        for table, references in REFERENCES.items():
            for column, parent in references:
                parent_ids = {row["id"] for row in tables[parent]}
                for row in tables[table]:
                    assert row[column] in parent_ids, (name, table, column)
                    checked[table] += 1
    # The fixtures exercise every link, results ones included.
    assert set(checked) == set(REFERENCES) - {"retractions"}


def test_two_versions_share_last_update_posted_date_and_aact_rows():
    """The brief expected the two versions to differ in last_update_posted_date; they do not.

    The files differ only in derivedSection fields AACT does not map (versionHolder, the order
    of browseLeaves/browseBranches, one asFound): both were last posted 2022-08-18, so they
    flatten to identical AACT rows and change detection must not rely on this date alone.
    """
    old_doc = _load(STUDIES / "NCT02552212.v2023-12-12.json")
    new_doc = _load(STUDIES / "NCT02552212.v2024-01-03.json")
    assert old_doc != new_doc
    assert old_doc["derivedSection"]["miscInfoModule"]["versionHolder"] == "2023-12-12"
    assert new_doc["derivedSection"]["miscInfoModule"]["versionHolder"] == "2024-01-03"
    old, new = flatten_all(old_doc), flatten_all(new_doc)
    assert old["studies"][0]["nct_id"] == new["studies"][0]["nct_id"] == "NCT02552212"
    assert old["studies"][0]["last_update_posted_date"] == date(2022, 8, 18)
    assert new["studies"][0]["last_update_posted_date"] == date(2022, 8, 18)
    assert old == new


def test_legacy_classic_api_record_is_rejected():
    legacy = _load(GOLDEN / "legacy" / "NCT04780763.json")
    with pytest.raises(CtgovRecordError, match=r"NCT04780763.*retired classic"):
        flatten_all(legacy)
    full_study = legacy["FullStudiesResponse"]["FullStudies"][0]
    with pytest.raises(CtgovRecordError, match=r"NCT04780763 at position 3: .*retired classic"):
        flatten_all(full_study, position=3)
    assert issubclass(CtgovRecordError, ValueError)


def test_a_value_of_another_type_is_named_by_its_field_and_value():
    study = _load(STUDIES / "NCT03630471.json")
    study["derivedSection"]["conditionBrowseModule"]["meshes"] = ["D000001"]
    with pytest.raises(CtgovRecordError) as refused:
        flatten_all(study)
    assert str(refused.value) == (
        "record NCT03630471: table browse_conditions: "
        'derivedSection.conditionBrowseModule.meshes[0]: expected an object, got "D000001"'
    )
    numbered = _load(STUDIES / "NCT03630471.json")
    numbered["protocolSection"]["identificationModule"]["nctId"] = 3630471
    with pytest.raises(CtgovRecordError, match=r"nctId is not a string but 3630471$"):
        flatten_all(numbered, position=2)


def test_every_real_record_has_the_types_api_v2_declares():
    records = [_load(path) for path in sorted(STUDIES.glob("*.json"))]
    assert len(records) >= 13
    assert [type_mismatches(record, limit=10) for record in records] == [[]] * len(records)


def test_record_without_nct_id_is_rejected():
    study = _load(STUDIES / "NCT05594173.json")
    del study["protocolSection"]["identificationModule"]["nctId"]
    with pytest.raises(CtgovRecordError, match=r"at position 7: no protocolSection\.ident"):
        flatten_all(study, position=7)
    with pytest.raises(CtgovRecordError, match="keys derivedSection"):
        flatten_all({"derivedSection": {}})


@pytest.mark.parametrize("fragment", ["condition", "id_information"])
def test_matches_aact_model_fragments(fragment):
    """AACT's per-table fixtures (nct alias rows are only here); the records are fragments."""
    fragment_in = _load(GOLDEN / "models" / "import" / f"{fragment}.json")
    fragment_in["protocolSection"].setdefault("identificationModule", {"nctId": "NCT001"})
    ((model, expected),) = _load(GOLDEN / "models" / "output" / f"{fragment}.json").items()
    tables = flatten_all(fragment_in)
    assert _compare(MODEL_TABLES[model], expected, tables) == []


def test_columns_aact_added_since_its_ddl_dump_are_mapped_as_aact_maps_them():
    """AACT's later migrations (see ctgov_v2.sql's header) and its model specs' expected rows:
    facility_spec.rb (geoPoint → latitude/longitude) and study_spec.rb (patientRegistry)."""
    fragment = _load(GOLDEN / "fragments" / "facility.json")
    fragment["protocolSection"]["identificationModule"] = {"nctId": "NCT000001"}
    (facility,) = flatten_all(fragment)["facilities"]
    assert (facility["name"], facility["latitude"], facility["longitude"]) == (
        "Test Facility",
        -12.97111,
        -38.51083,
    )
    registry = _load(GOLDEN / "fragments" / "study_data_patient_registry.json")
    registry["protocolSection"]["identificationModule"] = {"nctId": "NCT000001"}
    assert flatten_all(registry)["studies"][0]["patient_registry"] is True
    # AACT's golden page: no patientRegistry sent (an interventional study) → NULL, as AACT
    page = _load(GOLDEN / "NCT06388018.input_page.json")["studies"][0]
    tables = flatten_all(page)
    assert tables["studies"][0]["patient_registry"] is None
    assert [(f["latitude"], f["longitude"]) for f in tables["facilities"]] == [
        (41.82399, -71.41283)
    ]


def test_outcome_result_groups_carry_their_outcome_id():
    """AACT's result_groups.outcome_id (migration AddOutomeIdToResultGroups): an `Outcome`
    group is a child of its outcome; baseline, flow and adverse-event groups have none."""
    study = _load(STUDIES / "NCT05594173.json")
    tables = flatten_all(study)
    outcome_ids = {o["id"] for o in tables["outcomes"]}
    groups = tables["result_groups"]
    of_outcomes = [g for g in groups if g["result_type"] == "Outcome"]
    assert of_outcomes and {g["outcome_id"] for g in of_outcomes} == outcome_ids
    assert all(g["outcome_id"] is None for g in groups if g["result_type"] != "Outcome")
    # the measurements' own (outcome, group) pairs point at groups of the same outcome
    by_id = {g["id"]: g for g in groups}
    for m in tables["outcome_measurements"]:
        assert by_id[m["result_group_id"]]["outcome_id"] == m["outcome_id"]


def test_a_load_builds_only_its_tables_with_the_same_rows():
    """The CT.gov load asks for the tables it loads; each comes out as the full mapping has it."""
    from orchestration.ctgov.load import CTGOV_TABLES

    assert set(CTGOV_TABLES) < set(TABLES)
    for name, study in _all_studies():
        every = flatten_all(study)
        loaded = flatten_study(study, CTGOV_TABLES)
        assert tuple(loaded) == CTGOV_TABLES, name
        assert loaded == {t: every[t] for t in CTGOV_TABLES}, name


def test_a_table_without_a_mapping_is_named():
    study = _load(STUDIES / "NCT05594173.json")
    with pytest.raises(ValueError, match=r"no API v2 mapping for table\(s\) calculated_values \("):
        flatten_study(study, ("studies", "calculated_values"))
