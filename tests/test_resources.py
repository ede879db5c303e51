import dagster as dg
import pytest

from orchestration.resources import AactSourceResource, WarehouseResource


def test_unknown_source_kind_and_target_are_clear_failures(sample_dir):
    with pytest.raises(dg.Failure, match="AACT source 'csv': choose one of flatfiles, postgres"):
        AactSourceResource(kind="csv").extract()
    with pytest.raises(dg.Failure, match="needs CTW_AACT_PG_CONNINFO"):
        AactSourceResource(kind="postgres").extract()
    extract = AactSourceResource(flatfiles_path=str(sample_dir)).extract()
    with pytest.raises(
        dg.Failure, match="warehouse target 'sqlite': choose one of duckdb, postgres"
    ):
        WarehouseResource(target="sqlite").write_raw("sample", extract)


def test_postgres_conninfo_is_built_from_fields():
    warehouse = WarehouseResource(target="postgres", pg_host="db", pg_port=6543, pg_database="w")
    assert warehouse.postgres_conninfo() == "host=db port=6543 user=postgres dbname=w"
