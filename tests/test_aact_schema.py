import pytest

from orchestration.aact.schema import RAW_TABLES, aact_tables, column_kind, parse_ddl


def test_bundled_ddl_has_every_aact_v2_table_with_typed_columns():
    tables = aact_tables()
    assert len(tables) == 51
    assert set(RAW_TABLES) <= tables.keys()
    studies = {c.name: c.kind for c in tables["studies"]}
    assert len(studies) == 70
    assert studies["nct_id"] == "text"
    assert studies["enrollment"] == "integer"
    assert studies["start_date"] == "date"
    assert studies["has_dmc"] == "boolean"
    assert studies["created_at"] == "timestamp"
    analyses = {c.name: c.kind for c in tables["outcome_analyses"]}
    assert analyses["p_value"] == "float"
    assert analyses["param_value"] == "float"


def test_parse_ddl_reads_columns_in_order_and_skips_constraints():
    ddl = """
CREATE TABLE ctgov.things (
    id integer NOT NULL,
    "primary_name" character varying DEFAULT ''::character varying NOT NULL,
    CONSTRAINT things_pkey PRIMARY KEY (id)
);
"""
    (columns,) = parse_ddl(ddl).values()
    assert [(c.name, c.kind) for c in columns] == [("id", "integer"), ("primary_name", "text")]


def test_unknown_column_type_is_an_error():
    with pytest.raises(ValueError, match="unsupported AACT column type: 'geometry'"):
        column_kind("geometry")
