"""The marts a drug-discovery team reads, built from the bundled sample (41 real studies) with
the vocabularies of the test fixtures: specific rows, not only counts."""

from __future__ import annotations

import json
import math
import shutil
from collections import Counter
from pathlib import Path

import dagster as dg
import pytest

from orchestration.cli.query import TOP_PAIRS
from tests import shared
from tests.helpers import (
    create_database,
    duckdb_query,
    pg_conninfo,
    pg_env,
    postgres_query,
    run_cli,
)

FIXTURES = Path(__file__).parent / "fixtures" / "vocab"
# Molecule names for two drugs of the sample, written for this test in the shape of ChEMBL's
# `molecule` web-service pages (ids as ChEMBL gives them; synonyms trimmed to what is used).
MOLECULES = {
    "molecules": [
        {
            "molecule_chembl_id": "CHEMBL3137343",
            "pref_name": "PEMBROLIZUMAB",
            "max_phase": "4.0",
            "molecule_synonyms": [
                {"molecule_synonym": "Keytruda", "syn_type": "TRADE_NAME", "synonyms": "KEYTRUDA"}
            ],
        },
        {
            "molecule_chembl_id": "CHEMBL553",
            "pref_name": "ERLOTINIB",
            "max_phase": "4.0",
            "molecule_synonyms": [
                {"molecule_synonym": "Tarceva", "syn_type": "TRADE_NAME", "synonyms": "TARCEVA"}
            ],
        },
    ],
    "page_meta": {"limit": 20, "next": None, "offset": 0, "total_count": 2},
}


@pytest.fixture(scope="session")
def marts():
    """The sample built with two ChEMBL files, once per test run: (query, stdout, live)."""

    def build(tmp: Path) -> dict:
        chembl = tmp / "chembl"
        chembl.mkdir()
        shutil.copy(FIXTURES / "chembl_drug_indications.json", chembl)
        (chembl / "molecules.json").write_text(json.dumps(MOLECULES))
        env = {"CTW_DUCKDB_PATH": str(tmp / "warehouse.duckdb"), "CTW_CHEMBL_FILES": str(chembl)}
        built = run_cli("build", env=env, dagster_home=tmp / "home")
        assert built.returncode == 0, built.stderr[-3000:]
        return {"stdout": built.stdout}

    tmp, done = shared.once("marts", build)
    live = tmp / "warehouse.duckdb"
    return duckdb_query(live), done["stdout"], live


def test_placebo_is_in_the_lineage_but_never_an_associated_drug(marts):
    query = marts[0]
    placebo_trials = query(
        "select distinct nct_id from marts.fct_trial_drug_conditions "
        "where is_placebo and not is_counted order by 1"
    )
    # the four the issue names, two API studies (NCT00763412, NCT02210780) and the vehicle cream
    # that is ACCU-D1's placebo (NCT03064438); placebo typed OTHER (NCT02095145, NCT02552212) is
    # not a drug intervention in the first place
    assert [row[0] for row in placebo_trials] == [
        "NCT00579826",
        "NCT00763412",
        "NCT01007942",
        "NCT01235962",
        "NCT02210780",
        "NCT02411448",
        "NCT03064438",
    ]
    assert query(
        "select count(*) from marts.fct_drug_disease_associations "
        "where lower(drug_spellings) like '%placebo%' or lower(drug_spellings) like '%vehicle%'"
    ) == [(0,)]
    assert query("select is_placebo from marts.dim_drugs where drug_key = 'placebo'") == [(True,)]
    assert query("select is_placebo from marts.dim_drugs where drug_key = 'vehicle'") == [(True,)]


def test_one_drug_under_two_spellings_is_one_drug(marts):
    query = marts[0]
    assert query(
        "select drug_name, spellings, trial_count from marts.dim_drugs where drug_key = 'erlotinib'"
    ) == [("Erlotinib", "Erlotinib | erlotinib", 2)]
    pairs = query(
        "select drug_spellings, condition_name, condition_labels, nct_ids "
        "from marts.fct_drug_disease_associations where drug_name = 'Erlotinib' order by 2"
    )
    assert pairs == [
        (
            "Erlotinib",
            "Carcinoma, Non-Small-Cell Lung",
            "Metastatic Non-Small Cell Lung Cancer",
            "NCT02411448",
        ),
        ("Erlotinib", "Pancreatic Cancer", "Pancreatic Cancer", "NCT01782690"),
    ]
    # salt suffixes: gemcitabine hydrochloride and gemcitabine are one drug
    assert query("select spellings from marts.dim_drugs where drug_key = 'gemcitabine'") == [
        ("Gemcitabine Hydrochloride | gemcitabine",)
    ]


def test_every_key_has_one_display_name_in_every_mart(marts):
    """`Erlotinib` on one row and `erlotinib` on another split a drug under GROUP BY drug_name:
    each drug and condition key reads the same in every mart and dimension (its most frequent
    spelling, ties alphabetically)."""
    query = marts[0]
    for key, name in (("drug_key", "drug_name"), ("condition_key", "condition_name")):
        tables = [
            table
            for (table,) in query(
                "select table_name from information_schema.columns "
                f"where table_schema = 'marts' and column_name in ('{key}', '{name}') "
                "group by table_name having count(*) = 2"
            )
        ]
        assert len(tables) >= 2, tables
        union = " union all ".join(f"select {key}, {name} from marts.{t}" for t in tables)
        split = query(
            f"select {key}, list(distinct {name} order by {name}) from ({union}) "
            f"group by {key} having count(distinct {name}) > 1 order by 1"
        )
        assert split == [], (key, split[:5])
    # a drug or condition concept of the associations has one name too
    for concept, name in (
        ("drug_concept_id", "drug_name"),
        ("condition_concept_id", "condition_name"),
    ):
        assert (
            query(
                f"select {concept} from marts.fct_drug_disease_associations "
                f"group by {concept} having count(distinct {name}) > 1"
            )
            == []
        )
    # both spellings of erlotinib appear once each in the sample: the tie goes to the first
    assert query(
        "select distinct drug_name from marts.fct_trial_drug_conditions "
        "where drug_key = 'erlotinib'"
    ) == [("Erlotinib",)]


LUNG_CANCER_STAGES = "II IIA IIB III IIIA IIIB IIIC IV IVA IVB".split()


def test_pembrolizumab_associations_count_trials_phase_and_countries(marts):
    query = marts[0]
    # the two trials list eleven lung cancer stages between them: one concept, two trials
    rows = query(
        "select condition_concept_id, condition_name, trial_count, interventional_trial_count, "
        "experimental_trial_count, max_phase, nct_ids from marts.fct_drug_disease_associations "
        "where drug_name = 'Pembrolizumab' and trial_count > 1 order by 1"
    )
    assert rows == [
        (
            "D002289",
            "Carcinoma, Non-Small-Cell Lung",
            2,
            2,
            2,
            "PHASE3",
            "NCT03590054, NCT04267848",
        ),
        ("D008175", "Lung Neoplasms", 2, 2, 2, "PHASE3", "NCT03590054, NCT04267848"),
    ]
    assert query(
        "select condition_labels from marts.fct_drug_disease_associations "
        "where drug_name = 'Pembrolizumab' and condition_concept_id = 'D008175'"
    ) == [
        (
            " | ".join(
                ["Stage IB Lung Cancer AJCC v7"]
                + [f"Stage {s} Lung Cancer AJCC v8" for s in LUNG_CANCER_STAGES]
            ),
        )
    ]
    # 29 labels, 18 concepts
    assert query(
        "select count(*), count(distinct condition_concept_id) "
        "from marts.fct_drug_disease_associations where drug_name = 'Pembrolizumab'"
    ) == [(18, 18)]
    assert query(
        "select drug_id, max_clinical_stage, mapping_status, report_ids "
        "from marts.fct_drug_indications where drug_name = 'Pembrolizumab' "
        "and disease_name = 'Lung Neoplasms'"
    ) == [("CHEMBL3137343", "PHASE_3", "FULLY_MAPPED", "NCT03590054 | NCT04267848")]


def test_a_comparator_only_drug_is_counted_apart(marts):
    query = marts[0]
    assert query(
        "select distinct drug_role, arm_roles from marts.fct_trial_drug_conditions "
        "where nct_id = 'NCT01953588' and drug_key = 'fulvestrant'"
    ) == [("comparator_only", "ACTIVE_COMPARATOR")]
    assert query(
        "select trial_count, experimental_trial_count, comparator_only_trial_count, "
        "condition_labels from marts.fct_drug_disease_associations "
        "where drug_name = 'fulvestrant' and condition_name = 'Breast Neoplasms'"
    ) == [
        (
            1,
            0,
            1,
            "Recurrent Breast Cancer | Stage II Breast Cancer | Stage IIIA Breast Cancer | "
            "Stage IIIB Breast Cancer | Stage IIIC Breast Cancer",
        )
    ]


def test_p_value_bounds_stay_bounds(marts):
    query = marts[0]
    bounds = query(
        "select nct_id, p_value, p_value_text, count(*) from marts.fct_outcome_analyses "
        "where p_value_is_bound and nct_id in ('NCT01235962', 'NCT02095145', 'NCT02411448') "
        "group by 1, 2, 3 order by 1, 2"
    )
    assert bounds == [
        ("NCT01235962", 0.001, "<0.001", 6),
        ("NCT02095145", 0.001, "<0.001", 1),
        ("NCT02411448", 0.0001, "<0.0001", 1),
    ]
    assert (
        query(
            "select count(*) from marts.fct_outcome_summaries "
            "where nct_id = 'NCT01235962' and min_p_value = 0.001 and min_p_value_modifier = '<'"
        )[0][0]
        > 0
    )
    assert query(
        "select count(*) from marts.fct_outcome_analyses where p_value_is_bound "
        "and p_value_modifier is null"
    ) == [(0,)]


def test_drugs_roll_up_the_mesh_tree(marts):
    """All drugs tried in Neoplasms, through the registry's browse terms (NCT00184067 is
    annotated Melanoma, under Neoplasms) and through each condition's MeSH descriptor walked up
    the MeSH file's trees (NCT03590054 and NCT04267848 list lung cancer stages, mapped to Lung
    Neoplasms; NCT04795661's "Localized Resectable Tumor" is Neoplasms itself)."""
    query = marts[0]
    neoplasms = query(
        "select drug_name, trial_count, direct_trial_count, via, nct_ids "
        "from marts.fct_drug_mesh_conditions where mesh_term = 'Neoplasms' order by drug_name"
    )
    by_drug = {row[0]: row[1:] for row in neoplasms}
    assert by_drug["Pembrolizumab"] == (3, 1, "vocabulary", "NCT03590054, NCT04267848, NCT04795661")
    assert by_drug["Ciprofloxacin"] == (1, 0, "registry, vocabulary", "NCT04523987")
    assert by_drug["Montanide ISA 51"] == (1, 0, "registry", "NCT00184067")
    assert "Placebo" not in by_drug
    assert len(neoplasms) == 36
    assert query(
        "select mesh_id, trial_count, direct_trial_count from marts.fct_drug_mesh_conditions "
        "where drug_key = 'pembrolizumab' and mesh_term = 'Lung Neoplasms'"
    ) == [("D008175", 2, 2)]


def test_condition_labels_meet_mesh_through_their_core_words(marts):
    """Stage, AJCC edition and course qualifiers are set aside and "cancer" read as MeSH's
    "neoplasms"; "Nonradiographic" meets "Non-Radiographic"; a study's own browse term wins
    over the MeSH file; unmatched labels stay unmapped rather than guessed."""
    query = marts[0]
    rows = dict(
        (name, rest)
        for name, *rest in query(
            "select condition_name, mesh_id, mesh_term, mesh_match from marts.dim_conditions"
        )
    )
    assert rows["Stage IIIA Lung Cancer AJCC v8"] == [
        "D008175", "Lung Neoplasms", "MeSH vocabulary: core words, cancer as neoplasms"
    ]  # fmt: skip
    assert rows["Metastatic Non-Small Cell Lung Cancer"] == [
        "D002289", "Carcinoma, Non-Small-Cell Lung",
        "MeSH vocabulary: core words, cancer as carcinoma",
    ]  # fmt: skip
    assert rows["Nonradiographic Axial Spondyloarthritis"] == [
        None, "Non-Radiographic Axial Spondyloarthritis", "study browse term: words"
    ]  # fmt: skip
    # AACT's browse term comes without an id: gilda's MeSH mappings name Brain Neoplasms once
    assert rows["Brain Tumor"] == [
        "D001932", "Brain Neoplasms", "study browse term: core words, cancer as neoplasms"
    ]  # fmt: skip
    assert rows["Lung Non-Small Cell Carcinoma"] == [
        "D002289", "Carcinoma, Non-Small-Cell Lung", "MeSH vocabulary: words"
    ]  # fmt: skip
    assert rows["PSA Level Less Than Ten"] == [None, None, None]
    # not mapped: "Cystic Fibrosis Related Diabetes" (diabetes, not Cystic Fibrosis) and a label
    # whose only matching words are examples ("Mental Health Issue (E.G., …)")
    assert rows["Cystic Fibrosis Related Diabetes"] == [None, None, None]
    # its study's narrower term, which holds all its words and no other label of the study has
    assert rows["Pancreatic Insufficiency"] == [
        None, "Exocrine Pancreatic Insufficiency",
        "study browse term: narrower, holds every word of the condition",
    ]  # fmt: skip
    assert query("select count(*), count(mesh_term), count(mesh_id) from marts.dim_conditions") == [
        (103, 42, 33)
    ]
    # drugs too: 23 of the 37 MeSH terms of AACT's browse rows reach a descriptor id
    assert query("select count(*), count(mesh_term), count(mesh_id) from marts.dim_drugs") == [
        (53, 37, 23)
    ]
    assert query("select mesh_id from marts.dim_drugs where drug_name = 'Carboplatin'") == [
        ("D016190",)
    ]


def test_dimensions_describe_trials_and_countries(marts):
    query = marts[0]
    assert query(
        "select study_type, overall_status, phase_rank, start_date_type, lead_sponsor_class, "
        "has_results, record_source from marts.dim_trials where nct_id = 'NCT02552212'"
    ) == [("INTERVENTIONAL", "COMPLETED", 3.0, "ACTUAL", "INDUSTRY", True, "aact")]
    assert query(
        "select country_name, country_status from marts.dim_countries "
        "where nct_id = 'NCT02552212' and is_removed"
    ) == [("Czech Republic", "removed")]
    assert query("select count(*) from marts.dim_trials") == [(41,)]


def test_outcome_measurements_carry_their_denominator_and_events_their_arm(marts):
    query = marts[0]
    assert query(
        "select count(*), count(participants_analyzed) from marts.fct_outcome_measurements"
    ) == [(232, 232)]
    assert query(
        "select subjects_at_risk, term_count, most_frequent_term, "
        "most_frequent_term_subjects_affected from marts.fct_adverse_events_by_arm "
        "where nct_id = 'NCT02210780' and ctgov_group_code = 'EG000' and event_type = 'other'"
    ) == [(97, 4, "Upper respiratory tract infection", 14)]  # 6 terms listed, 4 of them had
    # the record lists every term for every group: its placebo group had no serious event, and
    # the 3 serious terms listed for it with 0 affected are not its events
    assert query(
        "select subjects_at_risk, term_count, most_frequent_term, "
        "most_frequent_term_subjects_affected from marts.fct_adverse_events_by_arm "
        "where nct_id = 'NCT02210780' and ctgov_group_code = 'EG000' and event_type = 'serious'"
    ) == [(97, 0, None, None)]


def test_chembl_indications_join_trial_evidence(marts):
    """Pembrolizumab × NSCLC: ChEMBL's approval and the two trials whose condition names the
    disease in other words ("Lung Non-Small Cell Carcinoma" ~ "Carcinoma, Non-Small-Cell Lung")
    are one drug-indication row."""
    query, stdout, _ = marts
    assert query(
        "select origins, sources, max_clinical_stage, max_clinical_stage_rank, mapping_status, "
        "report_ids from marts.fct_drug_indications "
        "where drug_id = 'CHEMBL3137343' and disease_id = 'D002289'"
    ) == [
        (
            "CLINICAL_TRIAL, CURATED_RESOURCE",
            "ChEMBL, ClinicalTrials.gov",
            "APPROVAL",
            2,
            "FULLY_MAPPED",
            "FDA:label/2016/125514s012lbl.pdf; ClinicalTrials:NCT02142738 | NCT03590054 | "
            "NCT04267848",
        )
    ]
    stages = dict(
        query("select max_clinical_stage, count(*) from marts.fct_drug_indications group by 1")
    )
    assert set(stages) <= {
        "APPROVAL", "PHASE_4", "PHASE_3", "PHASE_2_3", "PHASE_2", "PHASE_1_2", "PHASE_1",
        "EARLY_PHASE_1", "UNKNOWN",
    }  # fmt: skip
    assert "labels mapped: drugs " in stdout
    # metformin × polycystic ovary syndrome: ChEMBL cites only two ClinicalTrials.gov records,
    # the registry's own evidence, so it is not a ChEMBL row; the six others are
    assert query(
        "select count(*) from marts.fct_drug_indications "
        "where disease_name = 'Polycystic Ovary Syndrome'"
    ) == [(0,)]
    assert query(
        "select count(*) from marts.fct_drug_indications where sources like '%ChEMBL%'"
    ) == [(6,)]


def test_dbt_docs_describe_every_mart_column(marts, tmp_path):
    """`./warehouse dbt docs generate` works on the live warehouse, and every column of every
    mart is documented and present in the catalog it writes."""
    # dbt opens the warehouse for writing: a copy, while other tests read the shared build
    live = tmp_path / "warehouse.duckdb"
    shutil.copy(marts[2].resolve(), live)
    target = tmp_path / "dbt_target"  # the user's DBT_TARGET_PATH wins over target/cli
    generated = run_cli(
        "dbt",
        "docs",
        "generate",
        env={"CTW_DUCKDB_PATH": str(live), "DBT_TARGET_PATH": str(target)},
        dagster_home=tmp_path,
    )
    assert generated.returncode == 0, generated.stdout[-2000:] + generated.stderr[-2000:]
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    marts_nodes = {
        key: node
        for key, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    }
    assert len(marts_nodes) == 14  # marts/ctrp is built only with a CTRP trial sheet
    for key, node in marts_nodes.items():
        documented = {name for name, c in node["columns"].items() if c.get("description")}
        in_database = set(catalog["nodes"][key]["columns"])
        assert documented == in_database, node["name"]


@pytest.fixture(scope="session")
def postgres_build(marts) -> tuple[Path, str]:
    """The same sample and vocabularies built on PostgreSQL, in a database of its own (dropped
    when the run ends), once per test run: its Dagster home and its conninfo. The database sorts
    text by a linguistic collation (ICU en-US), as most servers do: the marts must not depend
    on it."""

    def build(tmp: Path) -> dict:
        name = create_database(icu_locale="en-US")
        shared.keep_database(name)
        env = {**pg_env(name), "CTW_CHEMBL_FILES": str(marts[2].parent / "chembl")}
        built = run_cli("build", env=env, dagster_home=tmp / "home")
        assert built.returncode == 0, built.stderr[-3000:]
        return {"dbname": name}

    tmp, done = shared.once("postgres_marts", build)
    return tmp / "home", pg_conninfo(done["dbname"])


@pytest.fixture(scope="session")
def postgres_marts(postgres_build):
    return postgres_query(postgres_build[1])


@pytest.mark.postgres
def test_postgres_models_carry_the_rows_they_hold(postgres_build, monkeypatch):
    """Each model's materialization in the run says how many rows its relation holds: a table's
    as PostgreSQL reported writing them, a view's counted."""
    home, conninfo = postgres_build
    monkeypatch.setenv("DAGSTER_HOME", str(home))  # names the run history's files
    instance = dg.DagsterInstance.from_config(str(home))
    query = postgres_query(conninfo)
    kinds = dict(
        query(
            "select table_schema || '/' || table_name, table_type from information_schema.tables "
            "where table_schema in ('staging', 'intermediate', 'marts')"
        )
    )
    assert len(kinds) == 79 and {"VIEW", "BASE TABLE"} == set(kinds.values())
    for relation in kinds:
        event = instance.get_latest_materialization_event(dg.AssetKey(relation.split("/")))
        said = event.asset_materialization.metadata["dagster/row_count"].value
        schema, name = relation.split("/")
        assert query(f'select count(*) from {schema}."{name}"') == [(said,)], relation


# Compared after normalising: `double precision` columns, to 12 significant digits, because a
# sum or average of doubles depends on the order an engine adds them (DuckDB adds in parallel
# chunks). Every other column (text, integers, numeric, dates, booleans) is compared exactly.
# Row order is not part of a table: rows are compared as multisets.
FLOAT_DIGITS = 12


def _normalised(value):
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.{FLOAT_DIGITS - 1}e}")
    return value


def _mart_columns(query, float_type: str) -> dict[str, list[tuple[str, bool]]]:
    rows = query(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' order by table_name, ordinal_position"
    )
    columns: dict[str, list[tuple[str, bool]]] = {}
    for table, column, data_type in rows:
        columns.setdefault(table, []).append((column, data_type.lower() == float_type))
    return columns


@pytest.mark.postgres
def test_postgres_and_duckdb_marts_are_row_for_row_identical(marts, postgres_marts):
    duck, pg = marts[0], postgres_marts
    duck_columns = _mart_columns(duck, "double")
    pg_columns = _mart_columns(pg, "double precision")
    assert sorted(pg_columns) == sorted(duck_columns)
    assert {"dim_trials", "fct_drug_disease_associations", "fct_drug_indications"} <= set(
        duck_columns
    )
    rows_compared = 0
    for table, columns in sorted(duck_columns.items()):
        # the same columns, in the same order, of the same kind (float or not) on both targets
        assert pg_columns[table] == columns, table
        select = f"select {', '.join(name for name, _ in columns)} from marts.{table}"
        on_duckdb, on_postgres = (
            Counter(tuple(_normalised(v) for v in row) for row in query(select))
            for query in (duck, pg)
        )
        assert on_duckdb == on_postgres, (
            f"marts.{table}: {on_duckdb.total()} rows on DuckDB, {on_postgres.total()} on "
            f"PostgreSQL; only on DuckDB: {list(on_duckdb - on_postgres)[:3]}; "
            f"only on PostgreSQL: {list(on_postgres - on_duckdb)[:3]}"
        )
        rows_compared += on_duckdb.total()
    assert rows_compared > 1000
    # ties of the build summary's top pairs are broken in the same order on both targets
    assert pg(TOP_PAIRS) == duck(TOP_PAIRS)
    assert pg("select datlocprovider from pg_database where datname = current_database()") == [
        ("i",)
    ]
