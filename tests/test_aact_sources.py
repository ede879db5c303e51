import zipfile

import psycopg
import pytest
from polars.testing import assert_frame_equal

from orchestration.aact.parse import AactInputError
from orchestration.aact.sources import read_flat_files, read_postgres
from tests.conftest import SAMPLE_ROW_COUNTS, create_aact_schema, load_flat_files_into_postgres


def test_flat_file_folder_reads_every_raw_table(sample_dir):
    extract = read_flat_files(sample_dir)
    assert extract.row_counts() == SAMPLE_ROW_COUNTS
    assert extract.missing == ["browse_conditions", "outcome_measurements", "countries"]
    ids = sorted(extract.tables["studies"]["nct_id"].to_list())
    assert ids[0] == "NCT00000105" and ids[-1] == "NCT04795661"


def test_zip_of_flat_files_reads_the_same_as_the_folder(sample_dir, tmp_path):
    archive = tmp_path / "aact_export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sample_dir.glob("*.txt"):
            zf.write(file, f"20220601_export/{file.name}")  # AACT zips may nest a folder
    from_zip = read_flat_files(archive)
    from_dir = read_flat_files(sample_dir)
    assert from_zip.missing == from_dir.missing
    for table, frame in from_dir.tables.items():
        assert_frame_equal(from_zip.tables[table], frame)


def test_source_without_studies_is_rejected(sample_dir, tmp_path):
    (tmp_path / "conditions.txt").write_bytes((sample_dir / "conditions.txt").read_bytes())
    with pytest.raises(AactInputError, match=r"required AACT table\(s\) studies not found"):
        read_flat_files(tmp_path)


def test_missing_path_and_non_archive_are_rejected(tmp_path):
    with pytest.raises(AactInputError, match="does not exist"):
        read_flat_files(tmp_path / "nowhere")
    bogus = tmp_path / "studies.csv"
    bogus.write_text("not a zip")
    with pytest.raises(AactInputError, match="not a folder or a zip archive"):
        read_flat_files(bogus)


def test_postgres_reader_matches_flat_files(sample_dir, pg_database):
    load_flat_files_into_postgres(pg_database["conninfo"], sample_dir)
    from_pg = read_postgres(pg_database["conninfo"], "ctgov")
    from_files = read_flat_files(sample_dir)
    assert from_pg.row_counts() == SAMPLE_ROW_COUNTS
    assert from_pg.missing == []  # the tables exist in the database, some are just empty
    for table, frame in from_files.tables.items():
        key = "id" if "id" in frame.columns else "nct_id"
        # AACT's database fills created_at/updated_at itself, so those differ by design
        drop = [c for c in ("created_at", "updated_at") if c in frame.columns]
        assert_frame_equal(from_pg.tables[table].drop(drop).sort(key), frame.drop(drop).sort(key))


def test_postgres_reader_ignores_extra_columns_and_needs_studies(pg_database):
    conninfo = pg_database["conninfo"]
    create_aact_schema(conninfo, "ctgov")
    with psycopg.connect(conninfo) as conn:
        conn.execute("ALTER TABLE ctgov.conditions ADD COLUMN local_note text")
        conn.execute(
            "INSERT INTO ctgov.conditions (id, nct_id, name, local_note) "
            "VALUES (1, 'NCT00000001', 'Gout', 'x')"
        )
    extract = read_postgres(conninfo, "ctgov")
    assert extract.tables["conditions"].columns == ["id", "nct_id", "name", "downcase_name"]
    assert extract.tables["conditions"]["name"].to_list() == ["Gout"]
    with pytest.raises(
        AactInputError, match=r"schema aact_missing: required AACT table\(s\) studies"
    ):
        read_postgres(conninfo, "aact_missing")


def test_unreachable_postgres_is_a_clear_error():
    with pytest.raises(AactInputError, match="AACT PostgreSQL: cannot connect"):
        read_postgres("host=127.0.0.1 port=1 user=postgres dbname=aact connect_timeout=2")
