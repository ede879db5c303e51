"""EFO and gilda's MeSH mappings read into their tables, and the parse cache: a vocabulary whose
files are unchanged is not parsed again, one whose bytes or parser changed is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from orchestration.vocab import efo, gilda, load, parse_cache
from orchestration.vocab.errors import VocabInputError
from orchestration.vocab.load import VocabConfig, open_vocab_source

FIXTURES = Path(__file__).parent / "fixtures" / "vocab"
EFO_OBO = FIXTURES / "efo_terms.obo"
EFO_OWL = FIXTURES / "efo_terms.owl"
GILDA = FIXTURES / "gilda_mesh_mappings_excerpt.tsv"
MESH_TSV = load.BUNDLED_MESH


def _rows(pairs, table):
    return [row for name, row in pairs if name == table]


def test_efo_obo_gives_terms_exact_synonyms_and_normalised_xrefs():
    pairs = list(efo.read_efo(EFO_OBO))
    assert _rows(pairs, efo.TERMS) == [
        {"efo_id": "EFO:0000270", "efo_name": "asthma", "synonyms": "asthma, unspecified"},
        {
            "efo_id": "EFO:0000305",
            "efo_name": "breast carcinoma",
            "synonyms": "carcinoma of breast | breast cancer",
        },
        {"efo_id": "EFO:0001071", "efo_name": "lung carcinoma", "synonyms": None},
        {"efo_id": "MONDO:0008903", "efo_name": "lung cancer", "synonyms": None},
    ]  # the obsolete EFO:0000001 and the Typedef are left out; RELATED synonyms too
    xrefs = [(r["efo_id"], r["xref_db"], r["xref_id"]) for r in _rows(pairs, efo.XREFS)]
    assert xrefs == [
        ("EFO:0000270", "DOID", "2841"),
        ("EFO:0000270", "MESH", "D001249"),  # MSH
        ("EFO:0000270", "NCIT", "C28397"),  # its {source=…} qualifier dropped
        ("EFO:0000305", "DOID", "3459"),  # the URL xref is no CURIE: skipped
        ("EFO:0001071", "MESH", "D008175"),  # MeSH
        ("MONDO:0008903", "MESH", "D008175"),  # MESH
        ("MONDO:0008903", "DOID", "1324"),
    ]


def test_efo_owl_gives_the_same_rows_as_obo(tmp_path):
    assert list(efo.read_efo(EFO_OWL)) == list(efo.read_efo(EFO_OBO))
    cut = tmp_path / "efo.owl"
    text = EFO_OWL.read_text()
    cut.write_text(text[: text.index('<owl:Class rdf:about="http://www.ebi.ac.uk/efo/EFO_0001071')])
    with pytest.raises(VocabInputError, match=r"efo.owl: not a whole EFO OWL file \(after 2 "):
        list(efo.read_efo(cut))
    html = tmp_path / "efo.obo"
    html.write_text("<html><body>Not found</body></html>\n")
    with pytest.raises(VocabInputError, match="field 'header'"):
        list(efo.read_efo(html))
    with pytest.raises(VocabInputError, match="expected efo.obo or efo.owl"):
        efo.efo_format(tmp_path / "efo.json")


def test_gilda_lines_become_rows_with_curie_targets(tmp_path):
    rows = _rows(gilda.read_gilda(GILDA), gilda.TABLE)
    assert len(rows) == 13
    by_id = {r["mesh_id"]: r for r in rows}
    assert by_id["D001241"] == {
        "mesh_id": "D001241",
        "mesh_name": "Aspirin",
        "target_db": "CHEBI",
        "target_id": "CHEBI:15365",
        "target_name": "acetylsalicylic acid",
    }
    assert by_id["D000007"]["target_id"] == "EFO:0009502"  # gilda writes EFO ids bare
    assert by_id["D000067596"]["target_id"] == "HGNC:16028"
    assert by_id["D000070818"]["target_id"] == "FPLX:DDR"
    assert by_id["D001943"]["target_id"] == "DOID:3459"
    bad = tmp_path / "mesh_mappings.tsv"
    bad.write_text(GILDA.read_text() + "MESH\tD001\tShort id\tCHEBI\tCHEBI:1\tx\n")
    with pytest.raises(VocabInputError, match=r"line 14: field 'mesh_id': cannot read 'D001'"):
        list(gilda.read_gilda(bad))
    bad.write_text("mesh_id\tname\n")
    with pytest.raises(VocabInputError, match="line 1: field 'line'"):
        list(gilda.read_gilda(bad))


def test_the_installed_gilda_slim_ships_the_mappings_offline():
    path = gilda.packaged_file()
    assert path is not None and path.name == "mesh_mappings.tsv"
    rows = _rows(gilda.read_gilda(path), gilda.TABLE)
    assert len(rows) > 30_000
    by_id = {r["mesh_id"]: r for r in rows}
    assert by_id["D001241"]["target_id"] == "CHEBI:15365"  # Aspirin
    assert by_id["D001943"]["target_id"] == "DOID:3459"  # Breast Neoplasms
    assert VocabConfig(vocab_dir="").gilda().why == "bundled"


def _open(config: VocabConfig, workdir: Path):
    with open_vocab_source(config, workdir) as source:
        counts = {}
        for table in source.tables:
            with source.open_table(table) as table_input:
                counts[table] = len(table_input.path.read_text().splitlines()) - 1
        return source.summary(), counts


def test_unchanged_files_are_not_parsed_again(tmp_path, monkeypatch):
    vocab_dir = tmp_path / "vocab"
    efo_file = tmp_path / "efo.obo"
    shutil.copyfile(EFO_OBO, efo_file)
    config = VocabConfig(
        mesh_file=str(MESH_TSV), efo_file=str(efo_file), gilda_file=str(GILDA),
        vocab_dir=str(vocab_dir),
    )  # fmt: skip
    first, counts = _open(config, tmp_path / "build1")
    assert first.startswith("vocabularies: MeSH parsed in ")
    assert "EFO parsed in" in first and "gilda parsed in" in first
    assert counts == {
        "mesh_tree_numbers": 597,
        "mesh_entry_terms": 0,
        "efo_terms": 4,
        "efo_xrefs": 7,
        "gilda_mesh_mappings": 13,
    }
    assert len(list((vocab_dir / "parsed").glob("*/parsed.json"))) == 3

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(load, "read_mesh_tables", no_parsing)
    monkeypatch.setattr(efo, "read_efo", no_parsing)
    monkeypatch.setattr(gilda, "read_gilda", no_parsing)
    second, again = _open(config, tmp_path / "build2")
    assert again == counts
    assert second.startswith("vocabularies: MeSH cached (not parsed again; key ")
    assert "EFO cached" in second and "gilda cached" in second

    monkeypatch.undo()
    efo_file.write_text(EFO_OBO.read_text().replace("name: asthma", "name: asthma (edited)"))
    third, _ = _open(config, tmp_path / "build3")
    assert "MeSH cached" in third and "EFO parsed in" in third and "gilda cached" in third
    monkeypatch.setitem(parse_cache.PARSER_VERSIONS, "gilda", 99)
    fourth, _ = _open(config, tmp_path / "build4")
    assert "gilda parsed in" in fourth and "EFO cached" in fourth


def test_a_removed_cache_entry_is_parsed_again_and_old_entries_are_pruned(tmp_path):
    vocab_dir = tmp_path / "vocab"
    config = VocabConfig(mesh_file=str(MESH_TSV), gilda_file=str(GILDA), vocab_dir=str(vocab_dir))
    _open(config, tmp_path / "a")
    shutil.rmtree(next((vocab_dir / "parsed").glob("gilda-*")))
    summary, counts = _open(config, tmp_path / "b")
    assert "gilda parsed in" in summary and counts["gilda_mesh_mappings"] == 13
    for number in range(parse_cache.KEEP + 2):  # new bytes each time: a new entry each time
        edited = tmp_path / f"gilda{number}.tsv"
        edited.write_text(GILDA.read_text() + f"MESH\tD00000{number}\tx\tCHEBI\tCHEBI:1\tx\n")
        _open(VocabConfig(gilda_file=str(edited), vocab_dir=str(vocab_dir)), tmp_path / "c")
    assert len(list((vocab_dir / "parsed").glob("gilda-*"))) == parse_cache.KEEP


def test_a_vocabulary_folder_that_cannot_be_written_parses_without_caching(tmp_path):
    blocked = tmp_path / "vocab"
    blocked.write_text("a file where the folder would be")  # mkdir fails: no cache
    config = VocabConfig(mesh_file=str(MESH_TSV), gilda_file=str(GILDA), vocab_dir=str(blocked))
    for workdir in ("a", "b"):
        summary, counts = _open(config, tmp_path / workdir)
        assert "MeSH parsed in" in summary and "gilda parsed in" in summary
        assert counts["gilda_mesh_mappings"] == 13 and counts["mesh_tree_numbers"] == 597
