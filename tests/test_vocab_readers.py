"""The vocabulary readers on real files: MeSH (dhimmel/mesh TSV, NLM descriptor XML), ChEMBL
web-service JSON, PMDA's Excel list; and the clear error each gives for input it cannot read."""

import gzip
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from orchestration.settings import SAMPLE_VOCAB_DIR
from orchestration.vocab import chembl, mesh, pmda
from orchestration.vocab.errors import VocabInputError
from orchestration.vocab.load import VOCAB_TABLES, VocabConfig, open_vocab_source

FIXTURES = Path(__file__).parent / "fixtures" / "vocab"
MESH_TSV = SAMPLE_VOCAB_DIR / "mesh_tree_numbers.tsv"
MESH_XML = FIXTURES / "desc2015_first2_descriptors.xml"  # cut off inside a third record
INDICATIONS = FIXTURES / "chembl_drug_indications.json"
ASPIRIN = FIXTURES / "molecule_filter_pref_name_iexact_aspirin.json"
MAX_PHASE4 = FIXTURES / "molecule_filter_max_phase4_order_by_mw_first4.json"
DRUGS = FIXTURES / "drug_filter_usan_stem_azosin.json"
PMDA = FIXTURES / "000276012.xlsx"


def _complete_xml(tmp_path: Path, name: str = "desc2015.xml") -> Path:
    """The real sample up to the end of its second record, closed as NLM closes the file."""
    text = MESH_XML.read_text(encoding="utf-8")
    end = text.index("</DescriptorRecord>", text.index("<DescriptorUI>D000002")) + len(
        "</DescriptorRecord>"
    )
    path = tmp_path / name
    path.write_text(text[:end] + "\n</DescriptorRecordSet>\n", encoding="utf-8")
    return path


# --- MeSH -------------------------------------------------------------------------------------


def test_the_mesh_tsv_gives_every_descriptor_and_tree_number():
    rows = list(mesh.read_mesh(MESH_TSV))
    assert len(rows) == 597
    assert len({r["mesh_id"] for r in rows}) == 304
    asthma = sorted(r["tree_number"] for r in rows if r["mesh_id"] == "D001249")
    assert asthma == ["C08.127.108", "C08.381.495.108", "C08.674.095", "C20.543.480.680.095"]
    assert {r["mesh_name"] for r in rows if r["mesh_id"] == "D001249"} == {"Asthma"}
    assert rows[0] == {
        "mesh_id": "D000013",
        "mesh_name": "Congenital Abnormalities",
        "tree_number": "C16.131",
    }
    # the subset is closed under ancestry: every parent tree number is itself a row
    trees = {r["tree_number"] for r in rows}
    assert all(t.rsplit(".", 1)[0] in trees for t in trees if "." in t)


def test_the_descriptor_xml_gives_each_record_its_own_tree_numbers(tmp_path):
    rows = list(mesh.read_mesh(_complete_xml(tmp_path)))
    # D000900 and D061207 (PharmacologicalAction) name other descriptors: not rows of their own
    assert rows == [
        {"mesh_id": "D000001", "mesh_name": "Calcimycin", "tree_number": "D03.438.221.173"},
        {"mesh_id": "D000002", "mesh_name": "Temefos", "tree_number": "D02.705.400.625.800"},
        {"mesh_id": "D000002", "mesh_name": "Temefos", "tree_number": "D02.705.539.345.800"},
        {"mesh_id": "D000002", "mesh_name": "Temefos", "tree_number": "D02.886.300.692.800"},
    ]
    gz = tmp_path / "desc2015.xml.gz"
    gz.write_bytes(gzip.compress(_complete_xml(tmp_path).read_bytes()))
    assert list(mesh.read_mesh(gz)) == rows


def test_a_cut_off_descriptor_xml_is_an_error_after_its_complete_records():
    rows, reader = [], mesh.read_mesh(MESH_XML)
    with pytest.raises(VocabInputError) as failure:
        for row in reader:
            rows.append(row)
    assert [r["mesh_id"] for r in rows] == ["D000001", "D000002", "D000002", "D000002"]
    message = str(failure.value)
    assert str(MESH_XML) in message
    assert "line 1001" in message and "after 2 complete descriptor record(s)" in message


def test_a_descriptor_without_tree_numbers_keeps_its_name(tmp_path):
    text = _complete_xml(tmp_path).read_text(encoding="utf-8")
    start = text.index("<TreeNumberList>")
    end = text.index("</TreeNumberList>") + len("</TreeNumberList>")
    path = tmp_path / "no_trees.xml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    rows = list(mesh.read_mesh(path))
    assert rows[0] == {"mesh_id": "D000001", "mesh_name": "Calcimycin", "tree_number": None}


def test_malformed_mesh_input_names_file_line_field_and_value(tmp_path):
    bad = tmp_path / "tree-numbers.tsv"
    lines = MESH_TSV.read_text(encoding="utf-8").splitlines()
    lines[2] = "D000015\tAbnormalities, Multiple\tC16.131.77x"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(VocabInputError) as failure:
        list(mesh.read_mesh(bad))
    assert str(failure.value) == (
        f"{bad}: line 3 (D000015): field 'tree_number': cannot read 'C16.131.77x' as a MeSH "
        "tree number (C04.588)"
    )
    bad.write_text("id,name,tree\nD000015,x,C16\n", encoding="utf-8")
    with pytest.raises(VocabInputError, match="line 1 .* expected the tab-separated columns"):
        list(mesh.read_mesh(bad))
    with pytest.raises(VocabInputError, match="not a MeSH file this warehouse reads"):
        mesh.mesh_format(tmp_path / "mesh.csv")


# --- ChEMBL -----------------------------------------------------------------------------------


def _rows(paths, table):
    return [row for t, row in chembl.read_chembl(paths) if t == table]


def test_the_aspirin_molecule_gives_a_row_per_name():
    rows = _rows([ASPIRIN], chembl.MOLECULES)
    assert len(rows) == 48  # its pref_name and its 47 synonyms
    assert {r["molecule_chembl_id"] for r in rows} == {"CHEMBL25"}
    assert {r["pref_name"] for r in rows} == {"ASPIRIN"}
    assert {r["max_phase"] for r in rows} == {4.0}  # an integer in this (ChEMBL 32) API version
    names = {(r["synonym"], r["syn_type"]) for r in rows}
    assert ("ASPIRIN", "PREF_NAME") in names
    assert ("Acetylsalicylic Acid", "INN") in names
    assert ("Durlaza", "TRADE_NAME") in names
    assert ("BAY1019036", "RESEARCH_CODE") in names


def test_drug_indication_pages_read_both_phase_forms_and_join_references():
    rows = _rows([INDICATIONS], chembl.INDICATIONS)
    assert [r["drugind_id"] for r in rows] == list(range(900001, 900008))
    assert rows[0] == {
        "drugind_id": 900001,
        "molecule_chembl_id": "CHEMBL3137343",
        "parent_molecule_chembl_id": "CHEMBL3137343",
        "max_phase_for_ind": 4.0,  # "4.0" in the file
        "mesh_id": "D002289",
        "mesh_heading": "Carcinoma, Non-Small-Cell Lung",
        "efo_id": "EFO_0003060",
        "efo_term": "non-small cell lung carcinoma",
        "indication_refs": "FDA:label/2016/125514s012lbl.pdf; ClinicalTrials:NCT02142738",
    }
    metformin = next(r for r in rows if r["drugind_id"] == 900005)
    assert metformin["max_phase_for_ind"] == 4.0  # the integer 4 in the file
    assert metformin["parent_molecule_chembl_id"] == "CHEMBL1431"
    assert next(r for r in rows if r["drugind_id"] == 900006)["indication_refs"] is None
    assert next(r for r in rows if r["drugind_id"] == 900007)["max_phase_for_ind"] == 3.0


def test_a_folder_of_pages_arrays_and_single_records_reads_each_record_once(tmp_path):
    folder = tmp_path / "chembl"
    folder.mkdir()
    shutil.copy(INDICATIONS, folder / "page_01.json")
    shutil.copy(INDICATIONS, folder / "page_01_again.json")  # fetched twice: read once
    aspirin = json.loads(ASPIRIN.read_text())
    (folder / "page_02.json").write_text(
        json.dumps({"molecules": aspirin, "page_meta": {"total_count": 1}})
    )
    (folder / "record.json").write_text(json.dumps(json.loads(MAX_PHASE4.read_text())[0]))
    (folder / "notes.txt").write_text("not read")
    files = chembl.chembl_files(folder)
    assert [f.name for f in files] == [
        "page_01.json",
        "page_01_again.json",
        "page_02.json",
        "record.json",
    ]
    rows = list(chembl.read_chembl(files))
    assert sum(t == chembl.INDICATIONS for t, _ in rows) == 7
    molecules = [r for t, r in rows if t == chembl.MOLECULES]
    assert {r["molecule_chembl_id"] for r in molecules} == {"CHEMBL25", "CHEMBL1796997"}
    assert len(molecules) == 48 + 10  # HELIUM: pref_name and 9 synonyms


def test_malformed_chembl_input_names_file_record_field_and_value(tmp_path):
    page = json.loads(INDICATIONS.read_text())
    page["drug_indications"][2]["max_phase_for_ind"] = "phase four"
    bad = tmp_path / "drug_indication_page.json"
    bad.write_text(json.dumps(page))
    with pytest.raises(VocabInputError) as failure:
        list(chembl.read_chembl([bad]))
    assert str(failure.value) == (
        f"{bad}: drug_indications[3] (drugind_id 900003): field 'max_phase_for_ind': cannot "
        "read 'phase four' as a phase (a number from -1 to 4)"
    )
    with pytest.raises(VocabInputError) as failure:
        list(chembl.read_chembl([DRUGS]))  # real records of the `drug` endpoint
    assert f"{DRUGS}: record 1: not a ChEMBL drug_indication record" in str(failure.value)
    bad.write_text('{"molecules": [')
    with pytest.raises(VocabInputError, match=r"not valid JSON: .*\(line 1, column 16\)"):
        list(chembl.read_chembl([bad]))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(VocabInputError, match="folder has no ChEMBL .json files"):
        chembl.chembl_files(empty)


# --- PMDA -------------------------------------------------------------------------------------


def test_the_pmda_list_gives_each_monthly_item():
    rows = list(pmda.read_pmda(PMDA))
    per_sheet = {}
    for row in rows:
        per_sheet[row["sheet"]] = per_sheet.get(row["sheet"], 0) + 1
    assert per_sheet == {"承認品目5月分": 10, "承認品目6月分": 19, "承認品目8月分": 13}
    keytruda = next(r for r in rows if r["brand_name"] == "キイトルーダ点滴静注100 mg")
    assert keytruda == {
        "sheet": "承認品目5月分",
        "row_number": 11,
        "item_number": 8,
        "category": "抗悪",
        "approval_date": date(2025, 5, 19),
        "brand_name": "キイトルーダ点滴静注100 mg",
        "applicant": "MSD㈱",
        "corporate_number": "2010001135668",
        "approval_type": "一\u3000変",
        "generic_name": "ペムブロリズマブ（遺伝子組換え）",
        "indication": "切除不能な進行・再発の悪性胸膜中皮腫を効能・効果とする新効能医薬品",
    }
    # two applicants in one brand cell, each with its corporate number
    nesp = next(r for r in rows if r["sheet"] == "承認品目6月分" and r["item_number"] == 16)
    assert nesp["applicant"] == "①協和キリン㈱、②協和キリンフロンティア㈱"
    assert nesp["corporate_number"] == "7010001008670、1010001180946"
    assert nesp["brand_name"].startswith("①ネスプ注射液5 µgプラシリンジ\n")
    assert [r["item_number"] for r in rows if r["sheet"] == "承認品目8月分"] == list(range(1, 14))


def _workbook(tmp_path: Path, rows: list[list], merge: str | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "承認品目4月分"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    path = tmp_path / "pmda.xlsx"
    book.save(path)
    return path


HEADER = [
    "分野",
    "承認日",
    "No.",
    "販　売　名\n(会社名、法人番号)",
    "承認",
    "成分名",
    "効能・効果等",
]


def test_pmda_merged_cells_and_other_date_forms(tmp_path):
    path = _workbook(
        tmp_path,
        [
            ["承認品目一覧"],
            [],
            HEADER,
            [
                "抗悪",
                "令和7年4月2日",
                1,
                "薬A錠10 mg\n(会社A㈱、1234567890123)",
                "承　認",
                "成分A",
                "癌",
            ],
            [None, None, 2, "薬B錠\n(会社B㈱、1234567890124)", "一　変", "成分B", "喘息"],
            ["※ 注：本表は参考資料", None, None, None, None, None, None],
        ],
        merge="B4:B5",  # one approval date for both items
    )
    rows = list(pmda.read_pmda(path))
    assert [(r["item_number"], r["approval_date"], r["applicant"]) for r in rows] == [
        (1, date(2025, 4, 2), "会社A㈱"),
        (2, date(2025, 4, 2), "会社B㈱"),
    ]
    assert pmda.parse_date("2025年5月19日") == date(2025, 5, 19)
    assert pmda.split_brand_cell("薬C") == ("薬C", None, None)


def test_malformed_pmda_input_names_file_sheet_row_field_and_value(tmp_path):
    path = _workbook(tmp_path, [HEADER, ["第１", "2025.13.40", 1, "薬A", "承認", "成分A", "x"]])
    with pytest.raises(VocabInputError) as failure:
        list(pmda.read_pmda(path))
    assert str(failure.value) == (
        f"{path}: sheet '承認品目4月分', row 2: field 'approval_date (承認日)': cannot read "
        "'2025.13.40' as a date"
    )
    path = _workbook(tmp_path, [["販売名", "成分名"], ["薬A", "成分A"]])
    with pytest.raises(VocabInputError, match="no sheet has a header row naming 承認日, 販売名"):
        list(pmda.read_pmda(path))
    with pytest.raises(VocabInputError, match="not an Excel .xlsx workbook"):
        list(pmda.read_pmda(INDICATIONS))


# --- the source -------------------------------------------------------------------------------


def test_the_vocab_source_offers_the_configured_tables_only(tmp_path):
    config = VocabConfig(mesh_file=str(MESH_TSV), pmda_file=str(PMDA), vocab_dir="")
    with open_vocab_source(config, tmp_path) as source:
        assert source.tables == (
            "mesh_tree_numbers",
            "mesh_entry_terms",
            "pmda_approvals",
            "gilda_mesh_mappings",  # offline: the installed gilda-slim's
        )
        assert source.missing == [
            "chembl_drug_indications",
            "chembl_molecules",
            "efo_terms",
            "efo_xrefs",
        ]
        with source.open_table("pmda_approvals") as table:
            assert table.origin == f"{PMDA} (pmda_approvals)"
            lines = table.path.read_text(encoding="utf-8")
        assert lines.splitlines()[0] == "|".join(
            ["sheet", "row_number", "item_number", "category", "approval_date", "brand_name"]
            + ["applicant", "corporate_number", "approval_type", "generic_name", "indication"]
        )
    assert set(VOCAB_TABLES) == {*source.tables, *source.missing}
    with pytest.raises(VocabInputError, match="CTW_CHEMBL_FILES: .*missing.json does not exist"):
        with open_vocab_source(VocabConfig(chembl_files=str(tmp_path / "missing.json")), tmp_path):
            pass


def test_the_descriptor_xml_gives_the_names_each_descriptor_is_known_by(tmp_path):
    """Entry terms (concepts' terms) of the real desc2015 sample, in one pass with the trees."""
    rows = list(mesh.read_mesh_tables(_complete_xml(tmp_path)))
    terms = [row for table, row in rows if table == "mesh_entry_terms"]
    assert [t["term"] for t in terms if t["mesh_id"] == "D000002"] == [
        "Abate",
        "Difos",
        "Temefos",
        "Temephos",
    ]
    assert {"mesh_id": "D000001", "term": "A-23187"} in terms
    assert [row for table, row in rows if table == "mesh_tree_numbers"] == list(
        mesh.read_mesh(_complete_xml(tmp_path))
    )
    # the dhimmel TSV has no entry terms: tree-number rows only
    assert {table for table, _ in mesh.read_mesh_tables(MESH_TSV)} == {"mesh_tree_numbers"}
