import pytest

from orchestration.aact.schema import RAW_TABLES, aact_tables
from orchestration.raw.layouts import column_kind, parse_ddl


def test_bundled_ddl_has_every_aact_v2_table_with_typed_columns():
    tables = aact_tables()
    assert len(tables) == 51
    assert set(RAW_TABLES) <= tables.keys()
    studies = {c.name: c.kind for c in tables["studies"]}
    assert len(studies) == 71
    assert studies["nct_id"] == "text"
    assert studies["enrollment"] == "integer"
    assert studies["start_date"] == "date"
    assert studies["has_dmc"] == "boolean"
    assert studies["created_at"] == "timestamp"
    # columns AACT's migrations added after its DDL dump (see ctgov_v2.sql's header)
    assert list(studies)[-1] == "patient_registry" and studies["patient_registry"] == "boolean"
    assert studies["delayed_posting"] == "boolean"
    facilities = [(c.name, c.kind) for c in tables["facilities"]]
    assert facilities[-2:] == [("latitude", "float"), ("longitude", "float")]
    assert [(c.name, c.kind) for c in tables["result_groups"]][-1] == ("outcome_id", "integer")
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
    with pytest.raises(ValueError, match="unsupported column type: 'geometry'"):
        column_kind("geometry")
