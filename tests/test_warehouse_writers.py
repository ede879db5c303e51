"""Raw loads replace every table at once, or nothing at all."""

import duckdb
import polars as pl
import psycopg
import pytest

from orchestration.aact.sources import read_flat_files
from orchestration.warehouse import write_duckdb, write_postgres
from tests.conftest import SAMPLE_ROW_COUNTS


def _broken(tables):
    """The sample with one row of studies, then a conditions table of the wrong shape."""
    return {"studies": tables["studies"].head(1), "conditions": pl.DataFrame({"oops": ["x"]})}


def test_duckdb_load_is_idempotent_and_all_or_nothing(sample_dir, tmp_path):
    path = tmp_path / "w.duckdb"
    extract = read_flat_files(sample_dir)
    write_duckdb(path, "raw_aact", "sample", extract.tables)
    write_duckdb(path, "raw_aact", "sample", extract.tables)
    with pytest.raises(duckdb.Error):
        write_duckdb(path, "raw_aact", "broken", _broken(extract.tables))
    with duckdb.connect(str(path), read_only=True) as con:
        for table, count in SAMPLE_ROW_COUNTS.items():
            assert con.execute(f"select count(*) from raw_aact.{table}").fetchone()[0] == count
        loads = con.execute(
            "select source, count(*) from raw_aact._loads group by 1 order by 1"
        ).fetchall()
        assert loads == [("sample", 2 * len(SAMPLE_ROW_COUNTS))]
        kinds = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'raw_aact' and table_name = 'studies'"
            ).fetchall()
        )
        assert kinds["enrollment"] == "BIGINT" and kinds["start_date"] == "DATE"


def test_postgres_load_is_idempotent_and_all_or_nothing(sample_dir, pg_database):
    conninfo = pg_database["conninfo"]
    extract = read_flat_files(sample_dir)
    write_postgres(conninfo, "raw_aact", "sample", extract.tables)
    with psycopg.connect(conninfo) as conn:  # like dbt's staging views on the raw tables
        conn.execute("create view public.studies_view as select nct_id from raw_aact.studies")
    write_postgres(conninfo, "raw_aact", "sample", extract.tables)
    with pytest.raises(psycopg.Error):
        write_postgres(conninfo, "raw_aact", "broken", _broken(extract.tables))
    with psycopg.connect(conninfo) as conn:
        for table, count in SAMPLE_ROW_COUNTS.items():
            assert conn.execute(f"select count(*) from raw_aact.{table}").fetchone()[0] == count
        assert conn.execute("select count(*) from raw_aact._loads").fetchone()[0] == 28
        row = conn.execute(
            "select enrollment, start_date::text, has_dmc from raw_aact.studies "
            "where nct_id = 'NCT00000105'"
        ).fetchone()
        assert row == (112, "2002-07-31", True)
        # an unchanged table is refilled, not dropped: views on it survive the reload
        assert conn.execute("select count(*) from public.studies_view").fetchone()[0] == 24
