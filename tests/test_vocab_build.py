"""The vocabularies in a build: `./warehouse build` reads the configured MeSH, ChEMBL, PMDA and EFO
files and gilda's MeSH mappings (offline, from the installed gilda-slim) into raw_vocab, stages
them and gives MeSH conditions EFO/DOID ids and MeSH drugs ChEBI ids; a bad file fails the build
and leaves the live warehouse as it was."""

import json
import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.raw.load import load_raw
from orchestration.settings import SAMPLE_VOCAB_DIR
from orchestration.vocab.load import VOCAB_TABLES, VocabConfig, open_vocab_source
from orchestration.vocab.pmda import read_pmda
from tests.helpers import duckdb_query, postgres_query, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "vocab"
# Rows of each raw_vocab table from the bundled MeSH subset and the ChEMBL and PMDA fixtures.
EXPECTED_VOCAB_ROWS = {
    "mesh_tree_numbers": 597,
    "mesh_entry_terms": 0,  # the TSV has none (NLM's XML does)
    "chembl_drug_indications": 7,
    "chembl_molecules": 98,
    "pmda_approvals": 42,
    "efo_terms": 4,  # efo_terms.obo: five terms, one obsolete
    "efo_xrefs": 7,
    "gilda_mesh_mappings": 32_067,  # the installed gilda-slim 1.6.1.1's file
}
EFO = FIXTURES / "efo_terms.obo"
PMDA = FIXTURES / "000276012.xlsx"
# The molecules ChEMBL indicates for a disease anywhere under Lung Neoplasms
# (C04.588.894.797.520), found by walking parent_tree_number down from it.
UNDER_LUNG_NEOPLASMS = """
with recursive subtree(tree_number) as (
    select 'C04.588.894.797.520'
    union all
    select child.tree_number
    from staging.stg_vocab__mesh_tree_numbers as child
    inner join subtree on child.parent_tree_number = subtree.tree_number
)
select distinct indication.parent_molecule_chembl_id
from staging.stg_vocab__chembl_drug_indications as indication
inner join staging.stg_vocab__mesh_tree_numbers as mesh on mesh.mesh_id = indication.mesh_id
inner join subtree on subtree.tree_number = mesh.tree_number
order by 1
"""


def _chembl_folder(tmp_path: Path) -> Path:
    """Pages as a user saves them: drug_indication and molecule responses in one folder."""
    folder = tmp_path / "chembl"
    folder.mkdir()
    for name in (
        "chembl_drug_indications.json",
        "molecule_filter_pref_name_iexact_aspirin.json",
        "molecule_filter_max_phase4_order_by_mw_first4.json",
    ):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def test_a_build_loads_and_stages_the_vocabularies(tmp_path):
    live = tmp_path / "warehouse.duckdb"
    env = {
        "CTW_DUCKDB_PATH": str(live),
        "CTW_CHEMBL_FILES": str(_chembl_folder(tmp_path)),
        "CTW_PMDA_FILE": str(PMDA),
        "CTW_EFO_FILE": str(EFO),
        "CTW_VOCAB_DIR": str(tmp_path / "vocab"),
    }
    built = run_cli("build", env=env, dagster_home=tmp_path / "home")
    assert built.returncode == 0, built.stderr[-3000:]
    for line in (
        "loaded vocab/mesh_tree_numbers: 597 rows",
        "loaded vocab/chembl_drug_indications: 7 rows",
        "loaded vocab/chembl_molecules: 98 rows",
        "loaded vocab/pmda_approvals: 42 rows",
    ):
        assert line in built.stdout
    query = duckdb_query(live)
    counts = {t: query(f"select count(*) from raw_vocab.{t}")[0][0] for t in VOCAB_TABLES}
    assert counts == EXPECTED_VOCAB_ROWS
    assert query(
        "select tree_number, parent_tree_number from staging.stg_vocab__mesh_tree_numbers "
        "where mesh_id = 'D008175' order by 1"
    ) == [
        ("C04.588.894.797.520", "C04.588.894.797"),
        ("C08.381.540", "C08.381"),
        ("C08.785.520", "C08.785"),
    ]
    assert query(
        "select parent_tree_number from staging.stg_vocab__mesh_tree_numbers "
        "where tree_number = 'C04'"
    ) == [(None,)]
    # pembrolizumab, erlotinib, bevacizumab: indicated for NSCLC, which lies under lung neoplasms
    assert query(UNDER_LUNG_NEOPLASMS) == [("CHEMBL1201583",), ("CHEMBL3137343",), ("CHEMBL553",)]
    assert query(
        "select molecule_chembl_id, synonym, syn_type from staging.stg_vocab__chembl_molecules "
        "where synonym_key = 'acetylsalicylic acid' and syn_type = 'INN'"
    ) == [("CHEMBL25", "Acetylsalicylic Acid", "INN")]
    assert query(
        "select approval_date, brand_name, applicant, is_orphan_drug, is_new_active_ingredient "
        "from staging.stg_vocab__pmda_approvals where generic_name = 'ベルズチファン'"
    ) == [(date(2025, 6, 24), "ウェリレグ錠40 mg", "MSD㈱", True, True)]
    assert query(
        "select sheet, count(*), count(distinct pmda_approval_id) "
        "from staging.stg_vocab__pmda_approvals group by 1 order by 1"
    ) == [("承認品目5月分", 10, 10), ("承認品目6月分", 19, 19), ("承認品目8月分", 13, 13)]
    source = query("select distinct source from raw_vocab._loads")[0][0]
    assert source.startswith("vocabularies: MeSH ") and str(PMDA) in source
    assert "gilda-slim" not in source and "mesh_mappings.tsv (bundled)" in source

    # MeSH conditions meet EFO: EFO's own MeSH xref (Lung Neoplasms: two EFO terms, the lower
    # id), gilda's DOID through EFO's DOID xref (Breast Neoplasms); ChEBI for MeSH drugs
    assert query(
        "select mesh_term, efo_id, efo_name, efo_source, doid_id from marts.dim_conditions "
        "where mesh_term in ('Lung Neoplasms', 'Breast Neoplasms', 'Brain Neoplasms') "
        "group by all order by 1"
    ) == [
        ("Brain Neoplasms", None, None, None, "DOID:1319"),
        ("Breast Neoplasms", "EFO_0000305", "breast carcinoma",
         "gilda DOID, EFO cross-reference", "DOID:3459"),
        ("Lung Neoplasms", "EFO_0001071", "lung carcinoma", "EFO cross-reference", "DOID:1324"),
    ]  # fmt: skip
    assert query(
        "select distinct mesh_term, chebi_id from marts.dim_drugs "
        "where mesh_term in ('Everolimus', 'Carboplatin', 'Letrozole') order by 1"
    ) == [
        ("Carboplatin", "CHEBI:31355"),
        ("Everolimus", "CHEBI:68478"),
        ("Letrozole", "CHEBI:6413"),
    ]
    # ChEMBL's own EFO id in Open Targets' form; trial rows carry their condition's
    assert query(
        "select distinct disease_efo_id from marts.fct_drug_indications "
        "where disease_id = 'D002289' and sources like '%ChEMBL%'"
    ) == [("EFO_0003060",)]
    assert query(
        "select count(*) from marts.fct_drug_indications "
        "where disease_name = 'Lung Neoplasms' and disease_efo_id = 'EFO_0001071'"
    ) == [(query("select count(*) from marts.fct_drug_indications "
                 "where disease_name = 'Lung Neoplasms'")[0][0],)]  # fmt: skip


def test_a_bad_chembl_file_fails_the_build_and_the_live_warehouse_is_unchanged(
    tmp_path, built_sample
):
    live, home, first = built_sample.live, built_sample.home, built_sample.result
    assert first.returncode == 0, first.stderr[-3000:]
    assert "loaded vocab/chembl_molecules: 0 rows in" in first.stdout  # none configured
    assert "(not in the source: created empty)" in first.stdout
    # the registry not chosen: one line, not one per table
    assert re.search(
        r"ctgov: not in CTW_SOURCES \(aact\): its \d+ tables created empty", first.stdout
    )
    assert "loaded ctgov/" not in first.stdout
    query = duckdb_query(live)
    live_build = query("select max(build_id) from raw_aact._loads")[0][0]

    page = json.loads((FIXTURES / "chembl_drug_indications.json").read_text())
    page["drug_indications"][1]["molecule_chembl_id"] = "erlotinib"
    bad = tmp_path / "drug_indication.json"
    bad.write_text(json.dumps(page))
    failed = run_cli(
        "build", env={"CTW_DUCKDB_PATH": str(live), "CTW_CHEMBL_FILES": str(bad)}, dagster_home=home
    )
    assert failed.returncode == 1
    assert f"the live warehouse was not changed (build {live_build})" in failed.stderr
    assert (
        f"raw tables: {bad}: drug_indications[2] (drugind_id 900002): field "
        "'molecule_chembl_id': cannot read 'erlotinib' as a ChEMBL id (CHEMBL25)"
    ) in failed.stderr
    assert "loaded aact/" not in failed.stdout  # the vocabularies are read before any load
    assert query("select max(build_id) from raw_aact._loads") == [(live_build,)]
    assert query("select count(*) from raw_vocab.chembl_drug_indications") == [(0,)]
    assert query("select count(*) from raw_vocab.mesh_tree_numbers") == [(597,)]


def test_a_vocabulary_that_lost_its_rows_is_not_published(tmp_path, built_sample):
    """An empty gilda mappings file keeps every mart's rows (its ids go NULL): the vocabulary's
    own drop against the live build stops the publish, naming the table."""
    live, home = built_sample.live, built_sample.home
    query = duckdb_query(live)
    live_build = query("select max(build_id) from raw_aact._loads")[0][0]
    before = query("select count(*) from raw_vocab.gilda_mesh_mappings")[0][0]
    assert before > 30_000
    empty = tmp_path / "mesh_mappings.tsv"
    empty.write_text("")
    failed = run_cli(
        "build",
        env={"CTW_DUCKDB_PATH": str(live), "CTW_GILDA_MESH_MAPPINGS_FILE": str(empty)},
        dagster_home=home,
    )
    assert failed.returncode == 1
    assert f"vocab/gilda_mesh_mappings {before:,} → 0 rows" in failed.stderr, failed.stderr[-2000:]
    assert f"in the Dagster UI of DAGSTER_HOME {home}: `./warehouse ui`, or " in failed.stderr
    assert f"the live warehouse was not changed (build {live_build})" in failed.stderr
    assert query("select count(*) from raw_vocab.gilda_mesh_mappings") == [(before,)]


def _load_vocabularies(tmp_path: Path, target: str, connection) -> dict[str, int]:
    config = VocabConfig(
        mesh_file=str(SAMPLE_VOCAB_DIR / "mesh_tree_numbers.tsv"),
        chembl_files=str(_chembl_folder(tmp_path)),
        pmda_file=str(PMDA),
        efo_file=str(EFO),
        vocab_dir=str(tmp_path / "vocab"),
    )
    connection.execute("CREATE SCHEMA raw_vocab")
    with open_vocab_source(config, tmp_path / "scratch") as source:
        report = load_raw(source, target, connection, "raw_vocab", "b1", tables=VOCAB_TABLES)
    return report.row_counts()


def _nesp() -> dict:
    """The June item with 18 brand lines and two applicants, as the reader gives it: its
    multi-line Japanese text (newlines, blank lines, ideographic spaces) must load exactly."""
    rows = read_pmda(PMDA)
    return next(r for r in rows if r["sheet"] == "承認品目6月分" and r["row_number"] == 19)


TYPED_ROW = (
    "select item_number, approval_date, brand_name, approval_type, corporate_number "
    "from raw_vocab.pmda_approvals where sheet = '承認品目6月分' and row_number = 19"
)


def test_the_vocabularies_load_exactly_into_duckdb(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        counts = _load_vocabularies(tmp_path, "duckdb", con)
        row = con.execute(TYPED_ROW).fetchall()
        phases = con.execute(
            "select typeof(max_phase_for_ind), max(max_phase_for_ind) "
            "from raw_vocab.chembl_drug_indications group by 1"
        ).fetchall()
    assert counts == EXPECTED_VOCAB_ROWS
    nesp = _nesp()
    assert row == [
        (16, date(2025, 6, 24), nesp["brand_name"], nesp["approval_type"], nesp["corporate_number"])
    ]
    assert "\n\n一\u3000変" in nesp["approval_type"]
    assert phases == [("DOUBLE", 4.0)]


@pytest.mark.postgres
def test_the_vocabularies_load_exactly_into_postgres(tmp_path, pg_database):
    import psycopg

    with psycopg.connect(pg_database["conninfo"]) as conn:
        counts = _load_vocabularies(tmp_path, "postgres", conn)
    assert counts["pmda_approvals"] == 42 and counts["chembl_molecules"] == 98
    query = postgres_query(pg_database["conninfo"])
    nesp = _nesp()
    assert query(TYPED_ROW) == [
        (16, date(2025, 6, 24), nesp["brand_name"], nesp["approval_type"], nesp["corporate_number"])
    ]
    assert query(
        "select drugind_id, max_phase_for_ind, indication_refs "
        "from raw_vocab.chembl_drug_indications where drugind_id = 900007"
    ) == [(900007, 3.0, "ClinicalTrials:NCT00000001; ClinicalTrials:NCT00000002")]
