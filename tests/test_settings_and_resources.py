"""Settings: one default each, relative paths meant from where the user stands, clear errors."""

import dagster as dg
import pytest

from orchestration import settings
from orchestration.defs.resources import AactSourceResource, WarehouseResource
from orchestration.settings import SettingsError


def test_every_setting_has_one_default_and_appears_in_help():
    help_text = settings.settings_help()
    for setting in settings.SETTINGS:
        assert setting.env in help_text
    assert WarehouseResource().raw_schema == settings.SETTINGS_BY_ENV["CTW_RAW_SCHEMA"].default
    assert AactSourceResource().flatfiles_path == str(settings.SAMPLE_AACT_DIR)


def test_relative_paths_resolve_against_the_callers_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("CTW_CALLER_CWD", str(tmp_path))
    monkeypatch.setenv("CTW_AACT_FLATFILES", "exports/today.zip")
    assert settings.get("CTW_AACT_FLATFILES") == str(tmp_path / "exports" / "today.zip")
    assert AactSourceResource(flatfiles_path="x").describe() == f"AACT flat files {tmp_path / 'x'}"


@pytest.mark.parametrize(
    ("value", "share"), [("5%", 0.05), ("0.1", 0.1), ("12.5%", 0.125), ("0", 0.0)]
)
def test_study_drop_limit_reads_percent_or_fraction(value, share):
    assert settings.fraction("CTW_MAX_STUDY_DROP", value) == pytest.approx(share)


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ("CTW_TARGET", "sqlite", "CTW_TARGET='sqlite': choose one of duckdb, postgres"),
        ("CTW_PG_PORT", "abc", "CTW_PG_PORT='abc': expected a whole number"),
        ("CTW_MAX_STUDY_DROP", "lots", "CTW_MAX_STUDY_DROP='lots': expected a share"),
        ("CTW_MAX_STUDY_DROP", "150%", "expected a share between 0% and 100%"),
        ("CTW_AACT_SOURCE", "csv", "CTW_AACT_SOURCE='csv': choose one of flatfiles, postgres"),
    ],
)
def test_invalid_settings_are_named_with_their_value(monkeypatch, env, value, message):
    monkeypatch.setenv(env, value)
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        settings.validate()


def test_resources_refuse_unknown_kinds_with_the_variable_name(tmp_path):
    with pytest.raises(dg.Failure, match="CTW_TARGET='sqlite': choose one of duckdb, postgres"):
        WarehouseResource(target="sqlite").store()
    with pytest.raises(dg.Failure, match="CTW_AACT_SOURCE=postgres needs CTW_AACT_PG_CONNINFO"):
        with AactSourceResource(kind="postgres").open(tmp_path):
            pass


def test_postgres_conninfo_is_built_from_fields():
    warehouse = WarehouseResource(target="postgres", pg_host="db", pg_port=6543, pg_database="w")
    assert warehouse.postgres_conninfo() == "host=db port=6543 user=postgres dbname=w"
