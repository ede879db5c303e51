"""Settings: declared once (help, resources, dbt, docs table), one default each, relative paths
meant from where the user stands, clear errors."""

import re

import dagster as dg
import pytest

from orchestration import settings
from orchestration.dbt.project import DBT_SETTINGS, dbt_env
from orchestration.defs.resources import (
    SETTINGS_RESOURCES,
    AactSourceResource,
    WarehouseResource,
    resources,
)
from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT, SettingsError
from orchestration.settings_docs import SETTINGS_DOC, with_settings_table
from orchestration.warehouse.duckdb_store import DuckDBStore
from tests.helpers import run_cli


def _value_for(setting: settings.Setting) -> str:
    """A value of the setting's form that is not its default."""
    if setting.choices:
        return next(c for c in setting.choices if c != setting.default)
    if setting.type is int:
        return str(int(setting.default) + 7)
    if setting.env == "CTW_SOURCES":
        return "aact,ctgov"
    return f"/elsewhere/{setting.env.lower()}"


def test_help_lists_every_setting_with_its_default(tmp_path):
    listed = run_cli("--help", env={}, dagster_home=tmp_path).stdout
    for setting in settings.SETTINGS:
        line = next(line for line in listed.splitlines() if line.split()[:1] == [setting.env])
        assert setting.help in line
        default = setting.default.replace(str(REPO_ROOT) + "/", "") or "unset"
        assert line.endswith(f"[{default}]"), line
    assert WarehouseResource().raw_schema == settings.SETTINGS_BY_ENV["CTW_RAW_SCHEMA"].default
    assert AactSourceResource().flatfiles_path == str(settings.SAMPLE_AACT_DIR)


def test_every_setting_reaches_its_resource_and_domain_config(monkeypatch):
    """A variable that is set reaches its resource's field through EnvVar (typed), and from the
    resource the domain config; the UI describes each field with the setting's help."""
    assert set(SETTINGS_RESOURCES) == set(settings.resources())
    for setting in settings.SETTINGS:
        monkeypatch.setenv(setting.env, _value_for(setting))
    definitions = resources()
    for name in settings.resources():
        with dg.build_resources({name: definitions.resources[name]}) as built:
            resource = getattr(built, name)
        config = resource.config()
        for setting in settings.of(name):
            expected = setting.type(_value_for(setting))
            assert getattr(resource, setting.field) == expected, setting.env
            assert getattr(config, setting.field) == expected, setting.env
            field = type(resource).model_fields[setting.field]
            assert field.description == f"{setting.env}: {setting.help}"
            assert field.default == setting.typed_default
        assert set(type(resource).model_fields) == set(settings.fields_of(name))
        # the domain config has the same fields, read from the variables by from_settings()
        assert type(config).from_settings() == config


def test_settings_without_a_resource_are_read_by_dbt_or_where_the_definitions_load():
    """...or by what runs around every step or before Dagster: progress.py (the pace of every
    step's lines) and server/ (`./warehouse serve`'s own database)."""
    package = REPO_ROOT / "orchestration"
    read_by = [*(package / "defs").rglob("*.py"), package / "progress.py"]
    read_by += (package / "server").rglob("*.py")
    code = "\n".join(p.read_text() for p in read_by)
    for setting in settings.SETTINGS:
        if setting.resource is None:
            assert setting.dbt or f'"{setting.env}"' in code, setting.env


def test_dbt_reads_exactly_the_settings_marked_for_it():
    read = set()
    for path in DBT_PROJECT_DIR.rglob("*"):
        if path.suffix in (".yml", ".sql") and "target" not in path.parts:
            read |= set(re.findall(r"env_var\(\s*'(CTW_[A-Z_]+)'", path.read_text()))
    store_env = set(DuckDBStore("unused.duckdb").dbt_env())
    assert read - store_env == set(DBT_SETTINGS)
    assert set(dbt_env(store_env={})) == set(DBT_SETTINGS)


def test_the_docs_settings_table_is_the_one_the_settings_make():
    doc = SETTINGS_DOC.read_text(encoding="utf-8")
    assert with_settings_table(doc) == doc, (
        "docs/configuration.md's settings table is stale: run "
        ".venv/bin/python -m orchestration.settings_docs"
    )
    for setting in settings.SETTINGS:
        assert f"| `{setting.env}` |" in doc


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
        ("CTW_PG_UNLOGGED_TABLES", "yes", "CTW_PG_UNLOGGED_TABLES='yes': choose one of on, off"),
    ],
)
def test_invalid_settings_are_named_with_their_value(monkeypatch, env, value, message):
    monkeypatch.setenv(env, value)
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        settings.validate()


def test_resources_refuse_unknown_kinds_with_the_variable_name(tmp_path):
    with pytest.raises(dg.Failure, match="CTW_TARGET='sqlite': choose one of duckdb, postgres"):
        WarehouseResource(target="sqlite").store()
    with pytest.raises(dg.Failure, match="CTW_PG_UNLOGGED_TABLES='yes': choose one of on, off"):
        WarehouseResource(target="postgres", pg_unlogged_tables="yes").store()
    with pytest.raises(dg.Failure, match="CTW_AACT_SOURCE=postgres needs CTW_AACT_PG_CONNINFO"):
        with AactSourceResource(kind="postgres").open(tmp_path):
            pass


def test_postgres_conninfo_is_built_from_fields():
    warehouse = WarehouseResource(target="postgres", pg_host="db", pg_port=6543, pg_database="w")
    assert warehouse.postgres_conninfo() == "host=db port=6543 user=postgres dbname=w"
