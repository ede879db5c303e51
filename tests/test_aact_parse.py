from datetime import date, datetime

import polars as pl
import pytest

from orchestration.aact.parse import AactInputError, empty_table, parse_table


def test_sample_studies_are_typed_as_aact_declares(sample_dir):
    studies = parse_table((sample_dir / "studies.txt").read_bytes(), "studies", "studies.txt")
    assert studies.height == 24
    assert studies.width == 70  # every AACT column, including those the file lacks
    row = studies.filter(pl.col("nct_id") == "NCT00000105").row(0, named=True)
    assert row["enrollment"] == 112
    assert row["start_date"] == date(2002, 7, 31)
    assert row["has_dmc"] is True
    assert row["brief_title"].startswith("Vaccination With Tetanus and KLH")
    assert row["created_at"] == datetime(2022, 5, 29, 0, 38, 28, 648741)
    assert row["source_class"] is None  # not in the flat file: null, not an error
    assert studies.schema["enrollment"] == pl.Int64
    assert studies.schema["start_date"] == pl.Date


def test_columns_missing_from_the_file_come_back_null():
    text = b"id|nct_id|outcome_id|p_value\n1|NCT00000001|7|0.04\n"
    frame = parse_table(text, "outcome_analyses", "outcome_analyses.txt")
    assert frame.width == 25
    assert frame.row(0, named=True)["p_value"] == pytest.approx(0.04)
    assert frame.row(0, named=True)["p_value_raw"] is None


def test_unreadable_integer_names_file_column_row_and_value():
    text = b"id|nct_id|name\n1|NCT00000001|Asthma\nx2|NCT00000002|Gout\n"
    with pytest.raises(AactInputError) as info:
        parse_table(text, "conditions", "conditions.txt")
    assert str(info.value) == (
        "conditions.txt: column 'id', data row 2 (NCT00000002): cannot read 'x2' as integer"
    )


def test_unreadable_date_and_boolean_are_errors():
    with pytest.raises(
        AactInputError, match=r"column 'start_date', data row 1 .*'2020-13-45' as date"
    ):
        parse_table(b"nct_id|start_date\nNCT00000001|2020-13-45\n", "studies", "studies.txt")
    with pytest.raises(AactInputError, match=r"column 'has_dmc', data row 1 .*'maybe' as boolean"):
        parse_table(b"nct_id|has_dmc\nNCT00000001|maybe\n", "studies", "studies.txt")


def test_unknown_column_is_rejected_with_the_expected_layout():
    text = b"id|nct_id|name|colour\n1|NCT00000001|Asthma|red\n"
    with pytest.raises(
        AactInputError,
        match=r"conditions.txt: unknown column\(s\) colour; "
        r"AACT columns are id, nct_id, name, downcase_name",
    ):
        parse_table(text, "conditions", "conditions.txt")


def test_comma_delimited_file_is_rejected():
    text = b"id,nct_id,name\n1,NCT00000001,Asthma\n"
    with pytest.raises(AactInputError, match="has no '\\|' delimiter"):
        parse_table(text, "conditions", "conditions.txt")


def test_empty_file_and_missing_key_column_are_rejected():
    with pytest.raises(AactInputError, match="conditions.txt: file is empty"):
        parse_table(b"", "conditions", "conditions.txt")
    with pytest.raises(AactInputError, match=r"key column\(s\) nct_id missing"):
        parse_table(b"id|name\n1|Asthma\n", "conditions", "conditions.txt")
    with pytest.raises(AactInputError, match="column 'nct_id', data row 2: value is empty"):
        parse_table(b"id|nct_id|name\n1|NCT1|A\n2||B\n", "conditions", "conditions.txt")


def test_quoted_values_keep_pipes_and_newlines():
    text = b'id|nct_id|name\n1|NCT00000001|"Pain | acute\nand chronic"\n'
    frame = parse_table(text, "conditions", "conditions.txt")
    assert frame["name"].to_list() == ["Pain | acute\nand chronic"]


def test_empty_table_has_aact_columns():
    frame = empty_table("countries")
    assert frame.height == 0
    assert frame.schema == pl.Schema(
        {"id": pl.Int64, "nct_id": pl.String, "name": pl.String, "removed": pl.Boolean}
    )


def test_unquoted_text_keeps_quote_characters():
    text = b'id|nct_id|name\n1|NCT00000001|Height 5" or more\n2|NCT00000002|So-called "bad" days\n'
    frame = parse_table(text, "conditions", "conditions.txt")
    assert frame["name"].to_list() == ['Height 5" or more', 'So-called "bad" days']


def test_line_with_too_many_fields_is_named():
    text = b"id|nct_id|name\n1|NCT00000001|Asthma\n2|NCT00000002|Pain | acute\n"
    with pytest.raises(
        AactInputError,
        match=r"conditions.txt: line 3 has 4 '\|'-separated fields, the header has 3",
    ):
        parse_table(text, "conditions", "conditions.txt")
