"""Result groups linked to their design groups (arms), and the results_by_drug marts built on
the links: on the bundled sample (AACT rows and API-derived rows) and on a build of the real
API v2 records with results alone (CTW_SOURCES=ctgov), checked against the records' own text."""

from __future__ import annotations

import gzip
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from fakes.ctgov_server import nct_id
from orchestration.ctgov.mirror import CtgovMirror, selection_key
from tests import shared
from tests.helpers import (
    create_database,
    drop_database,
    duckdb_query,
    pg_conninfo,
    pg_env,
    postgres_query,
    run_cli,
)

STUDIES = Path(__file__).parent / "fixtures" / "ctgov" / "studies"
# the records of tests/fixtures/ctgov/studies with a resultsSection (of NCT02552212, the newer)
RESULTS_RECORDS = (
    "NCT00763412 NCT02210780 NCT02299791 NCT02552212.v2024-01-03 NCT03064438 NCT05594173".split()
)
# records of the development half of the held-out records (tests/fixtures/ctgov/heldout), read
# to write the designator, described-interventions and same-treatment rules: three arms of one drug
# told apart by "Arm 2"; dose cohorts titled without the drug their descriptions name; groups
# tied between arms given the same drug; a crossover's placebo period; and one for the same-title
# rule: groups a description links among the adverse events, tied in outcomes
DEV_RECORDS = Path(__file__).parent / "fixtures" / "ctgov" / "heldout" / "dev.jsonl.gz"
DEV_RESULTS_RECORDS = (
    "NCT03982186",
    "NCT01970865",
    "NCT03919799",
    "NCT00387621",
    "NCT00379769",
    "NCT05689047",
    "NCT01154101",
)
# outcome and adverse-event groups: all, linked (to an arm, to the treatment tied arms share, or to
# one intervention), linked to an arm
LINK_RATE = (
    "select count(*), count(treatment_key), count(design_group_id) "
    "from intermediate.int_result_group_arms "
    "where result_type in ('Outcome', 'Reported Event')"
)


def _link(query, nct_id: str, result_type: str, code: str, title: str):
    return query(
        "select design_group_title, link_method from intermediate.int_result_group_arms "
        f"where nct_id = '{nct_id}' and result_type = '{result_type}' "
        f"and ctgov_group_code = '{code}' and result_group_title = '{title}' "
        "group by all"
    )


def test_result_groups_of_the_sample_link_to_their_arms(sample_build):
    query = sample_build.query
    expected = {
        # result group (study, type, code, title) → its arm's title, how it was found
        ("NCT00002525", "Reported Event", "EG000", "Arm I (Perioperative 5-FU)"): (
            "Perioperative 5-FU", "normalized_title"
        ),
        ("NCT00127205", "Outcome", "OG002", "Arm III Ibandronate"): ("Arm III", "title_contains"),
        ("NCT01007942", "Reported Event", "EG000", "Everolimus + Trastuzumab + Vinorelbine"): (
            "Everolimus + vinorelbine + trastuzumab", "normalized_title"
        ),
        ("NCT01235962", "Reported Event", "EG002", "I TT Pazopanib 600 mg"): (
            "pazopanib", "title_contains"
        ),
        ("NCT01235962", "Reported Event", "EG003", "ITT Placebo 600 mg"): (
            "placebo", "title_contains"
        ),
        ("NCT02411448", "Reported Event", "EG000", "Part A: Ramucirumab + Erlotinib"): (
            "Ramucirumab + Erlotinib", "normalized_title"
        ),
        ("NCT02513394", "Outcome", "OG000", "Palbociclib Plus Endocrine Therapy (Arm A)"): (
            "Arm A", "title_contains"
        ),
        ("NCT02873195", "Outcome", "OG001", "Placebo, Bevacizumab, Capecitabine"): (
            "Arm II (placebo, bevacizumab, capecitabine)", "normalized_title"
        ),
        # the title names both arms ("Placebo … Open Label Letrozole"): the description decides
        ("NCT00579826", "Reported Event", "EG001",
         "Placebo for 6 Months; Open Label Letrozole 2.5 mg Daily"): ("Placebo", "description"),
        ("NCT00390806", "Outcome", "OG000", "Chemoradiation: Topotecan Plus WBRT"): (
            "topotecan plus radiation", "title_words"
        ),
        ("NCT01782690", "Outcome", "OG000", "Erlotinib Plus Gemcitabine"): (
            "Erlotinib plus Gemcitabine", "normalized_title"
        ),
    }  # fmt: skip
    for key, arm in expected.items():
        assert _link(query, *key) == [arm], key
    # interventions: "Radiation: WBRT Alone" shares "radiation" with both arms (a tie); of the
    # two, it names all that "Whole brain radiation" received (radiation) and not topotecan,
    # which "topotecan plus radiation" received too (before this rule, elimination took it)
    for result_type, code in (
        ("Baseline", "BG001"),
        ("Participant Flow", "FG001"),
        ("Outcome", "OG001"),
        ("Reported Event", "EG001"),
    ):
        key = ("NCT00390806", result_type, code, "Radiation: WBRT Alone")
        assert _link(query, *key) == [("Whole brain radiation", "interventions")], key
    assert query(
        "select link_confidence, candidate_count, count(*) from intermediate.int_result_group_arms "
        "where link_method = 'interventions' group by all"
    ) == [("medium", 2, 4)]
    # "Everolimus Placebo" shares a word with each arm ("everolimus", "placebo"); it says
    # placebo and one of the two is the placebo arm: that one (no other group of its outcome
    # rules an arm out: the sample's 2022 AACT export has no result_groups.outcome_id)
    placebo = ("NCT01007942", "Outcome", "OG001", "Everolimus Placebo")
    assert _link(query, *placebo) == [("placebo + vinorelbine + trastuzumab", "placebo")]
    # a pooled extension group matches no arm
    pooled = ("NCT00002525", "Reported Event", "EG002", "Adjuvant Chemotherapy-- 5-FU+Levamisolem")
    assert _link(query, *pooled) == [(None, "unmatched")]
    assert query(
        "select link_method, count(*) from intermediate.int_result_group_arms "
        "where result_group_title = 'Total' group by 1"
    ) == [("total", 16)]
    # Outcome and adverse-event groups: 229 of 239 linked (95.8 %), 216 of them to an arm;
    # NCT05594173's 13 are of an observational study that registers no arm and one intervention
    # (sole_intervention); the 10 not linked are pooled or open-label extension groups
    total, linked, to_arms = query(LINK_RATE)[0]
    assert (total, linked, to_arms) == (239, 229, 216)
    assert linked / total >= 0.9
    sole = query(
        "select distinct result_groups.nct_id, interventions.intervention_name "
        "from intermediate.int_result_group_arms as result_groups "
        "join intermediate.int_registry__interventions as interventions "
        "using (intervention_id) where link_method = 'sole_intervention'"
    )
    assert sole == [("NCT05594173", "Food texture modification")]


@pytest.mark.postgres
def test_postgres_links_every_group_as_duckdb_does(sample_build, pg_sample_build):
    """The links (the interventions rule included) row for row on both targets."""
    links = (
        "select result_group_id, nct_id, result_type, ctgov_group_code, result_group_title, "
        "design_group_id, design_group_title, arm_role, is_placebo_arm, link_method, "
        "link_confidence, candidate_count from intermediate.int_result_group_arms"
    )
    on_duckdb = Counter(tuple(row) for row in sample_build.query(links))
    on_postgres = Counter(tuple(row) for row in pg_sample_build.query(links))
    assert on_duckdb == on_postgres, (
        list(on_duckdb - on_postgres)[:3],
        list(on_postgres - on_duckdb)[:3],
    )
    assert on_duckdb.total() == 337
    assert sum(row[9] == "interventions" for row in on_duckdb.elements()) == 4


def test_drug_outcome_results_carry_the_analysis_and_its_comparator(sample_build):
    query = sample_build.query
    rows = query(
        "select drug_name, outcome_type, param_value_num, participants_analyzed, "
        "result_group_title, design_group_title, link_method, estimate_type, estimate, "
        "ci_lower_limit, ci_upper_limit, p_value_modifier, p_value, comparator_groups, "
        "comparator_arms, comparator_is_placebo, comparator_receives_drug "
        "from marts.fct_drug_outcome_results where nct_id = 'NCT02552212' "
        "and outcome_title like 'Percentage of Subjects With Ankylosing Spondylitis Disease%'"
    )
    assert rows == [
        (
            "Certolizumab Pegol", "PRIMARY", 47.2, 159, "CZP 200 mg Q2W (FAS)",
            "Certolizumab Pegol 200 mg Q2W", "description", "Odds Ratio (OR)", 15.231, 7.336,
            31.623, "<", 0.001, "Placebo (FAS)", "Placebo", True, False,
        )
    ]  # fmt: skip
    assert query(
        "select drug_name, count(*), count(outcome_analysis_id), count(distinct nct_id) "
        "from marts.fct_drug_outcome_results group by 1 order by 1"
    ) == [
        ("ACCU-D1", 107, 82, 1),
        ("Certolizumab Pegol", 30, 12, 1),
        ("Dupilumab", 14, 7, 1),
        ("repaglinide", 15, 0, 1),
    ]
    # placebo, and the vehicle given only in the placebo arm, are comparators, never the drug
    assert query(
        "select count(*) from marts.fct_drug_outcome_results "
        "where drug_key like '%placebo%' or drug_key = 'vehicle'"
    ) == [(0,)]


def test_drug_adverse_events_sum_each_arm_once(sample_build):
    query = sample_build.query
    # NCT02552212 reports the placebo arm twice ("Placebo (SS)", 158 at risk, and its subset
    # "Placebo->OL CZP (SS)"): the arm counts once, by its larger group
    assert query(
        "select drug_arms, drug_subjects_at_risk, comparator_arms, comparator_subjects_at_risk, "
        "comparator_is_placebo, count(*) from marts.fct_drug_adverse_events "
        "where nct_id = 'NCT02552212' group by all"
    ) == [("Certolizumab Pegol 200 mg Q2W", 159, "Placebo", 158, True, 45)]
    assert query("select count(*), count(risk_difference) from marts.fct_drug_adverse_events") == [
        (66, 66)
    ]


@pytest.fixture(scope="session")
def api_mirror() -> tuple[Path, dict]:
    """A CT.gov mirror of the real API v2 records with results: its path and the records by id."""
    records = [json.loads((STUDIES / f"{name}.json").read_text()) for name in RESULTS_RECORDS]
    with gzip.open(DEV_RECORDS, "rt") as lines:
        records += [r for r in map(json.loads, lines) if nct_id(r) in DEV_RESULTS_RECORDS]
    assert len(records) == len(RESULTS_RECORDS) + len(DEV_RESULTS_RECORDS)

    def write(tmp: Path) -> dict:
        with CtgovMirror(tmp / "mirror.duckdb") as mirror:
            state = mirror.start_sync(selection_key({}), {}, "full")
            mirror.save_page(state, records, None, None)
            mirror.finish_sync(state, "2026-11-24T09:00:00")
        return {}

    tmp, _ = shared.once("api_mirror", write)
    return tmp / "mirror.duckdb", {nct_id(record): record for record in records}


def _api_env(mirror: Path, tmp: Path) -> dict[str, str]:
    """A build of `mirror`'s records alone, from a copy of it (a build writes to its mirror)."""
    shutil.copy(mirror, tmp / "mirror.duckdb")
    return {"CTW_SOURCES": "ctgov", "CTW_CTGOV_MIRROR": str(tmp / "mirror.duckdb")}


@pytest.fixture(scope="session")
def api_build(api_mirror):
    """A DuckDB warehouse of the real API v2 records with results alone."""
    mirror, records = api_mirror

    def build(tmp: Path) -> dict:
        env = {**_api_env(mirror, tmp), "CTW_DUCKDB_PATH": str(tmp / "warehouse.duckdb")}
        built = run_cli("build", env=env, dagster_home=tmp / "home")
        assert built.returncode == 0, built.stderr[-3000:]
        return {}

    tmp, _ = shared.once("api_build", build)
    return duckdb_query(tmp / "warehouse.duckdb"), records


@pytest.mark.postgres
def test_postgres_links_the_api_records_as_duckdb_does(api_mirror, api_build, tmp_path):
    """Rules 10, 11 and 13 (designator, described interventions, same treatment), which the sample
    never meets, row for row on both targets, and the results_by_drug marts' sizes."""
    query, _ = api_build
    name = create_database()
    try:
        env = {**_api_env(api_mirror[0], tmp_path), **pg_env(name)}
        built = run_cli("build", env=env, dagster_home=tmp_path / "home")
        assert built.returncode == 0, built.stderr[-3000:]
        on_postgres = postgres_query(pg_conninfo(name))
        links = (
            "select result_group_id, design_group_id, treatment_key, is_placebo_arm, link_method, "
            "link_confidence, candidate_count, candidate_design_group_ids "
            "from intermediate.int_result_group_arms"
        )
        assert Counter(map(tuple, query(links))) == Counter(map(tuple, on_postgres(links)))
        methods = "select link_method, count(*) from intermediate.int_result_group_arms group by 1"
        assert {"designator", "described_interventions", "same_treatment"} <= {
            method for method, _ in on_postgres(methods)
        }
        for mart in ("fct_drug_outcome_results", "fct_drug_adverse_events"):
            count = f"select count(*) from marts.{mart}"
            assert query(count) == on_postgres(count), mart
    finally:
        drop_database(name)


def _groups(record: dict) -> set[tuple[str, str, str]]:
    """The record's outcome and adverse-event groups: (result type, code, title)."""
    results = record["resultsSection"]
    groups = set()
    for measure in results.get("outcomeMeasuresModule", {}).get("outcomeMeasures", []):
        for group in measure.get("groups", []):
            groups.add(("Outcome", group["id"], group["title"]))
    for group in results.get("adverseEventsModule", {}).get("eventGroups", []):
        groups.add(("Reported Event", group["id"], group["title"]))
    return groups


def _arms(record: dict) -> set[str]:
    arms = record["protocolSection"].get("armsInterventionsModule", {}).get("armGroups", [])
    return {arm["label"] for arm in arms}


def test_api_records_link_their_groups_to_the_arms_they_name(api_build):
    query, records = api_build
    for study, record in records.items():
        arms = _arms(record)
        for result_type, code, title in _groups(record):
            # one arm (or none) in every outcome, by one rule or, where an outcome's group
            # description names no drug, by its title's link in the other outcomes
            links = _link(query, study, result_type, code, title.replace("'", "''"))
            linked_arms = {arm for arm, method in links if arm is not None}
            assert len({arm for arm, _ in links}) == 1, (study, code, title, links)
            arm, method = links[0]
            if title in arms:  # the record names the arm: linked to that arm, by its title
                assert links == [(title, "exact_title")], (study, code, title)
            elif not arms:  # NCT05594173 registers one intervention and no arm
                assert links == [(None, "sole_intervention")], (study, code, title)
            else:  # a link is always to one of the record's own arms
                assert linked_arms <= arms, (study, code, title, links)
    # the records' groups that are not an arm's label, and the arm each reads as
    certolizumab = records["NCT02552212"]
    assert _arms(certolizumab) == {"Certolizumab Pegol 200 mg Q2W", "Placebo"}
    assert {
        ("Reported Event", "EG000", "Placebo (SS)"),
        ("Reported Event", "EG001", "CZP 200 mg Q2W (SS)"),
        ("Reported Event", "EG004", "SFE OL CZP 200 mg Q2W (SS)"),
    } <= _groups(certolizumab)
    assert _link(query, "NCT02552212", "Reported Event", "EG001", "CZP 200 mg Q2W (SS)") == [
        ("Certolizumab Pegol 200 mg Q2W", "description")
    ]
    assert _link(query, "NCT02552212", "Reported Event", "EG000", "Placebo (SS)") == [
        ("Placebo", "title_contains")
    ]
    extension = ("NCT02552212", "Reported Event", "EG004", "SFE OL CZP 200 mg Q2W (SS)")
    assert _link(query, *extension) == [(None, "unmatched")]
    assert _link(query, "NCT00763412", "Reported Event", "EG001", "Repaglinide") == [
        ("2. repaglinide", "normalized_title")
    ]

    # "Arm 2: …" is tied by its words between three arms given the same drugs; its designator
    # names one of them. The Phase 1 dose cohorts name no drug; their descriptions name all the
    # lorlatinib arm received (PF-06463922) and nothing of the crizotinib arm; "EXP-2" is
    # described as relapsing after crizotinib, another arm's drug, and stays unlinked.
    def interventions_named(study: str, name: str) -> int:
        (intervention_id,) = query(
            "select intervention_id from intermediate.int_registry__interventions "
            f"where nct_id = '{study}' and intervention_name = '{name}'"
        )[0]
        return intervention_id

    def links(study: str, title: str) -> list:
        return query(
            "select design_group_title, link_method, count(*) "
            "from intermediate.int_result_group_arms "
            f"where nct_id = '{study}' and result_group_title = '{title}' group by all order by 2"
        )

    assert links("NCT03982186", "Arm 2: JNJ-73763989 200 mg + Placebo + NA") == [
        ("Arm 2: JNJ-73763989 (high dose) + Placebo + NA", "designator", 32)
    ]
    assert links("NCT03982186", "Arm 4: DB Phase: JNJ-73763989 40 mg + Placebo + NA") == [
        ("Arm 4: JNJ-73763989 (low dose) + Placebo + NA", "designator", 2)
    ]
    assert links("NCT01970865", "10 mg QD (Phase 1)") == [
        ("PF-06463922", "described_interventions", 25)
    ]
    assert links("NCT01970865", "EXP-2 (Phase 2)") == [(None, "unmatched", 31)]
    # "DB Period: Belumosudil BID" is tied between "Belumosudil BID/Belumosudil BID" and "OLE
    # Period: Placebo/Belumosudil BID", both given belumosudil: that treatment, no arm. In the
    # nesiritide crossover both sequences receive nesiritide and placebo: "Nesiritide" is the
    # nesiritide period; "Placebo" is the period given the placebo both sequences receive: linked
    # to that intervention, so no drug mart counts it as given nesiritide (the saline both
    # sequences receive is a drug of the record, as for any arm)
    assert links("NCT03919799", "DB Period: Belumosudil BID") == [(None, "same_treatment", 39)]
    assert links("NCT00387621", "Nesiritide") == [(None, "same_treatment", 1)]
    assert links("NCT00387621", "Placebo") == [(None, "named_intervention", 1)]
    assert query(
        "select interventions.intervention_name, links.is_placebo_arm, links.treatment_key "
        "from intermediate.int_result_group_arms as links "
        "inner join intermediate.int_registry__interventions as interventions "
        "using (intervention_id) where links.nct_id = 'NCT00387621'"
    ) == [("Placebo", True, -interventions_named("NCT00387621", "Placebo"))]
    assert query(
        "select drug_name, drug_arms, count(*) from marts.fct_drug_adverse_events "
        "where nct_id = 'NCT00387621' group by all order by 1"
    ) == [("Nesiritide", "Nesiritide", 10), ("Saline", "Nesiritide", 10)]
    # NCT00379769's four arms (rosiglitazone, metformin or a sulfonylurea, added to metformin or a
    # sulfonylurea) are named by abbreviation: "RSG in Addition to Background MET". Where a group's
    # description spells the drugs out as the arm's does, it is linked by its description; in the
    # outcomes whose descriptions abbreviate ("randomised to receive RSG, in addition to MET"), the
    # same title takes the same arm. The pooled groups ("Combined RSG") stay unlinked.
    assert links("NCT00379769", "RSG in Addition to Background MET") == [
        ("rosiglitazone in addition to background metformin", "description", 16),
        ("rosiglitazone in addition to background metformin", "same_title", 7),
    ]
    assert links("NCT00379769", "SU in Addition to Background MET") == [
        ("Sulfonylurea in addition to background metformin", "elimination", 16),
        ("Sulfonylurea in addition to background metformin", "same_title", 7),
    ]
    assert links("NCT00379769", "Combined RSG") == [(None, "unmatched", 13)]
    # NCT05689047's arms ("Part B: Dose escalation cohort; M5717+Pyronaridine") state no dose;
    # their interventions' names do ("M5717 500 mg"): a group's dose takes the arm given it, and a
    # dose both arms are given ("Pyronaridine 360 mg") decides nothing. NCT01154101's groups state
    # doses in grams ("SRT2104 0.25 g"), its arms in milligrams ("Cohort 1 - 250mg SRT2104/placebo
    # dose group"); its "Placebo" is pooled from the three cohorts' placebo participants
    part_a, part_b = (
        "Part A: Safety Run-in Cohort M5717+Pyronaridine",
        "Part B: Dose escalation cohort; M5717+Pyronaridine",
    )
    assert links("NCT05689047", "Cohort A: M5717 330 mg") == [(part_a, "named_dose", 13)]
    assert links("NCT05689047", "Cohort B0: M5717 500 mg") == [(part_b, "named_dose", 13)]
    assert links("NCT05689047", "Cohort B0: Pyronaridine 720 mg") == [(part_b, "named_dose", 13)]
    assert links("NCT05689047", "Cohort A and B0: Pyronaridine 360 mg") == [(None, "ambiguous", 13)]
    for cohort, grams, milligrams in ((1, "0.25", "250"), (2, "0.5", "500"), (3, "1.0", "1000")):
        arm = f"Cohort {cohort} - {milligrams}mg SRT2104/placebo dose group"
        assert links("NCT01154101", f"SRT2104 {grams} g") == [(arm, "interventions", 15)]
    assert links("NCT01154101", "Placebo") == [(None, "named_intervention", 13)]
    # 1,467 outcome and adverse-event groups, 1,291 (88.0 %) linked: 1,117 to an arm, 149 to the
    # treatment tied arms all receive (NCT03919799's 148, NCT00387621's "Nesiritide"), 25 to one
    # intervention (NCT05594173's 13, of a study without arms; the placebo of NCT00387621's
    # crossover and NCT01154101's 11 pooled from its cohorts); the 176 not: NCT02552212's 8
    # open-label groups, pooled from both arms or a subset named by abbreviation, "CZP->OL CZP";
    # NCT01970865's 74, its EXP-2 and EXP-3 cohorts, described with crizotinib beside
    # PF-06463922, and its pooled populations ("Phase 1 ITT Population"); NCT00387621's 26
    # groups of participants who were not randomised ("Control Group"); NCT00379769's 55 pooled
    # groups ("Combined RSG: Observational Follow-up"); the 13 of NCT05689047 given both
    # cohorts' dose
    total, linked, to_arms = query(LINK_RATE)[0]
    assert (total, linked, to_arms) == (1467, 1291, 1117)
    # the records of ../shared/fixtures alone (not those of the development half, chosen for the
    # rules they need): 90 % and more linked
    shared_ids = ", ".join(f"'{name.split('.')[0]}'" for name in RESULTS_RECORDS)
    total, linked, _ = query(f"{LINK_RATE} and nct_id in ({shared_ids})")[0]
    assert linked / total >= 0.9, (linked, total)


def test_api_adverse_events_match_the_record(api_build):
    """Dupilumab's conjunctivitis in NCT02210780, as the record's otherEvents give it."""
    query, records = api_build
    module = records["NCT02210780"]["resultsSection"]["adverseEventsModule"]
    titles = {group["id"]: group["title"] for group in module["eventGroups"]}
    event = next(e for e in module["otherEvents"] if e["term"] == "Conjunctivitis")
    stats = {titles[s["groupId"]]: (s["numAffected"], s["numAtRisk"]) for s in event["stats"]}
    assert stats == {"Dupilumab 300 mg qw": (8, 97), "Placebo qw": (0, 97)}
    rows = query(
        "select drug_name, drug_arms, drug_subjects_affected, drug_subjects_at_risk, "
        "comparator_arms, comparator_is_placebo, comparator_subjects_affected, "
        "comparator_subjects_at_risk, risk_difference from marts.fct_drug_adverse_events "
        "where nct_id = 'NCT02210780' and adverse_event_term = 'Conjunctivitis'"
    )
    assert rows == [
        ("Dupilumab", "Dupilumab 300 mg qw", 8, 97, "Placebo qw", True, 0, 97, 8 / 97 - 0 / 97)
    ]
