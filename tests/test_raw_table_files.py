"""Flattened rows written as AACT-style CSV load back exactly through the bulk loaders."""

from datetime import date, datetime

import duckdb
import pytest

from orchestration.raw import duckdb_writer
from orchestration.raw.table_files import RawTableFiles, csv_field

TRICKY = 'A "quoted" title | with a pipe\nand a second line'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, ""),
        ("", '""'),
        (True, "t"),
        (False, "f"),
        (12, "12"),
        (0.5, "0.5"),
        (date(2024, 5, 1), "2024-05-01"),
        (datetime(2024, 5, 1, 8, 30), "2024-05-01 08:30:00"),
        ("plain", "plain"),
        (" padded", '" padded"'),
        ('say "hi"', '"say ""hi"""'),
    ],
)
def test_values_are_written_as_postgresql_copy_csv_writes_them(value, written):
    assert csv_field(value) == written


def test_rows_round_trip_through_the_duckdb_loader(tmp_path):
    files = RawTableFiles(tmp_path / "csv", ["studies", "conditions"], "CT.gov mirror")
    files.add(
        {
            "studies": [
                {
                    "nct_id": "NCT00000001",
                    "brief_title": TRICKY,
                    "acronym": "",
                    "enrollment": 120,
                    "has_dmc": True,
                    "start_date": date(2024, 5, 1),
                },
                {"nct_id": "NCT00000002", "brief_title": "Second"},
            ],
            "conditions": [{"id": 1, "nct_id": "NCT00000001", "name": "Melanoma"}],
            "not_loaded": [{"x": 1}],
        }
    )
    con = duckdb.connect()
    con.execute("create schema raw_ctgov")
    inputs = files.inputs()
    assert duckdb_writer.load_table(con, "raw_ctgov", inputs["studies"]) == 2
    assert duckdb_writer.load_table(con, "raw_ctgov", inputs["conditions"]) == 1
    assert con.execute(
        "select brief_title, acronym, enrollment, has_dmc, start_date from raw_ctgov.studies "
        "order by nct_id"
    ).fetchall() == [
        (TRICKY, "", 120, True, date(2024, 5, 1)),
        ("Second", None, None, None, None),
    ]
