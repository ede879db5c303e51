"""Every long step reports its counts: vocabulary files as they are parsed, each source's tables
as they load (bytes of files, rows of an AACT database), and a `./warehouse build` that is not
on a terminal prints dbt's nodes done out of the total, on stdout beside its other lines."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import duckdb
import psycopg
import pytest

from orchestration.aact.readers import open_flat_files, open_postgres
from orchestration.aact.schema import RAW_TABLES
from orchestration.progress import LineSink, Progress, format_bytes
from orchestration.raw.load import load_raw
from orchestration.vocab import chembl, mesh
from tests.conftest import SAMPLE_ROW_COUNTS
from tests.helpers import load_flat_files_into_postgres

FIXTURES = Path(__file__).parent / "fixtures" / "vocab"
MESH_XML = FIXTURES / "desc2015_first2_descriptors.xml"  # cut off inside a third record
CHEMBL_FILES = [
    FIXTURES / "chembl_drug_indications.json",
    FIXTURES / "molecule_filter_pref_name_iexact_aspirin.json",
    FIXTURES / "molecule_filter_max_phase4_order_by_mw_first4.json",
]
SAMPLE_RAW_ROWS = sum(SAMPLE_ROW_COUNTS[t] for t in RAW_TABLES)


def recorded() -> tuple[Progress, list[str]]:
    """A progress that keeps every line (no pause between them)."""
    lines: list[str] = []
    return Progress([LineSink(lines.append, 0.0)]), lines


def test_mesh_xml_counts_the_bytes_of_the_file_on_disk(tmp_path):
    text = MESH_XML.read_text(encoding="utf-8")
    second = text.index("</DescriptorRecord>", text.index("<DescriptorUI>D000002"))
    complete = text[: second + len("</DescriptorRecord>")] + "\n</DescriptorRecordSet>\n"
    path = tmp_path / "desc2015.xml.gz"
    path.write_bytes(gzip.compress(complete.encode()))
    progress, lines = recorded()
    rows = list(mesh.read_mesh_tables(path, progress))
    assert {table for table, _ in rows} == {"mesh_tree_numbers", "mesh_entry_terms"}
    size = format_bytes(path.stat().st_size)  # compressed: the bytes read from disk
    assert re.fullmatch(rf"MeSH: .* of {size} \(\d+ %\).*; 1 descriptor records", lines[0])
    assert lines[-1].startswith(f"MeSH: {size} in ") and lines[-1].endswith(
        "; 2 descriptor records"
    )


def test_chembl_counts_files_and_records():
    progress, lines = recorded()
    rows = list(chembl.read_chembl(CHEMBL_FILES, progress))
    indications = sum(1 for table, _ in rows if table == chembl.INDICATIONS)
    assert lines[0].startswith("ChEMBL: 1/3 files (33 %), ")
    assert lines[0].endswith(f"; {indications} indications, 0 molecules")
    assert lines[-1].startswith("ChEMBL: 3 files in ")


def test_flat_files_load_counts_bytes_of_every_table(sample_dir, tmp_path):
    progress, lines = recorded()
    con = duckdb.connect()
    con.execute("create schema raw_aact")
    with open_flat_files(sample_dir, tmp_path) as source:
        load_raw(
            source, "duckdb", con, "raw_aact", "20260101_000000_test00",
            tables=RAW_TABLES, progress=progress,
        )  # fmt: skip
    size = format_bytes(sum((sample_dir / f"{t}.txt").stat().st_size for t in RAW_TABLES))
    assert lines[0] == f"load: 0 B of {size} (0 %); table 1/23 studies"
    assert lines[1].startswith(f"load: {format_bytes((sample_dir / 'studies.txt').stat().st_size)}")
    assert lines[1].endswith("; 1 table, 41 rows")
    assert lines[-1].startswith(f"load: {size} in ")
    assert lines[-1].endswith(f"; 23 tables, {SAMPLE_RAW_ROWS:,} rows")


@pytest.mark.postgres
def test_an_aact_database_load_counts_rows_against_postgres_estimates(
    sample_dir, tmp_path, pg_database
):
    conninfo = pg_database["conninfo"]
    load_flat_files_into_postgres(conninfo, sample_dir, schema="ctgov")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("analyze")  # AACT's database is analyzed; a fresh copy is not yet
    progress, lines = recorded()
    with psycopg.connect(conninfo) as conn, open_postgres(conninfo, "ctgov") as source:
        conn.execute("create schema copied")
        load_raw(
            source, "postgres", conn, "copied", "20260101_000000_test00",
            tables=RAW_TABLES, progress=progress, label="load aact",
        )  # fmt: skip
    total = f"{SAMPLE_RAW_ROWS:,}"
    # rows as COPY streams them (the header counts as one until the table's count corrects it)
    assert lines[1].startswith(f"load aact: 1/{total} rows (0 %), ")
    studies_done = next(line for line in lines if line.endswith("; 1 table, 41 rows"))
    assert studies_done.startswith(f"load aact: 41/{total} rows (")
    assert lines[-1].startswith(f"load aact: {total} rows in ")
    assert lines[-1].endswith(f"; 23 tables, {total} rows")


def test_a_build_not_on_a_terminal_prints_dbt_nodes_done_out_of_the_total(sample_build):
    # the shared build prints every change (CTW_PROGRESS_SECONDS=0: the pace is tested in
    # test_progress), its output captured: not a terminal
    built = sample_build.result
    assert built.returncode == 0, built.stderr[-3000:]
    lines = [line.strip() for line in built.stdout.splitlines()]  # steps' lines are indented
    dbt = [re.fullmatch(r"dbt: (\d+)/(\d+) nodes \(\d+ %\).*", line) for line in lines]
    counts = [(int(m.group(1)), int(m.group(2))) for m in dbt if m]
    total = counts[0][1]
    assert total == 146 and all(t == total for _, t in counts)  # 79 models, 67 tests
    assert [done for done, _ in counts] == list(range(total + 1))
    final = next(line for line in lines if line.startswith(f"dbt: {total} nodes in "))
    assert re.search(r"; \d+ models, \d+ tests$", final), final
    assert f"load aact: {format_bytes(0)} of " in built.stdout
    assert not any(line.startswith(("dbt:", "load ")) for line in built.stderr.splitlines())
    assert "\x1b[" not in built.stdout
