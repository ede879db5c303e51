"""The source registry (orchestration/sources.py) is the one list of sources: dbt's sources YAML,
the staging folders, the DDL files, the resources and the raw asset specs agree with it, and
dbt learns the chosen registries from it alone."""

import re

import dagster as dg
import pytest
import yaml

from orchestration import settings
from orchestration.dbt.project import dbt_env
from orchestration.defs.raw.assets import raw_tables
from orchestration.defs.resources import resources
from orchestration.raw.layouts import ddl_tables
from orchestration.settings import DBT_PROJECT_DIR, SettingsError
from orchestration.sources import AACT_SHAPED_TABLES, SOURCES, study_sources

STAGING = DBT_PROJECT_DIR / "models" / "staging"


def _dbt_sources() -> dict[str, dict]:
    found = {}
    for path in sorted(STAGING.rglob("*.yml")):
        for source in (yaml.safe_load(path.read_text()) or {}).get("sources", []):
            assert source["name"] not in found, f"{path}: source {source['name']} twice"
            found[source["name"]] = source
    return found


def test_dbt_sources_are_the_registrys_with_its_tables_and_schemas():
    dbt_sources = _dbt_sources()
    assert set(dbt_sources) == {source.name for source in SOURCES}
    for source in SOURCES:
        declared = dbt_sources[source.name]
        assert [t["name"] for t in declared["tables"]] == list(source.dbt_source_tables())
        schema = declared["schema"]
        if source.raw_schema_setting:
            assert f"env_var('{source.raw_schema_setting}')" in schema
            assert settings.get(source.raw_schema_setting) == source.raw_schema
        else:
            assert f"'{source.raw_schema}'" in schema
        assert "env_var('CTW_DBT_SCHEMA_SUFFIX')" in schema  # the build's slot on PostgreSQL
        assert set(source.dbt_source_tables()) <= set(source.tables)


def test_each_source_has_a_staging_folder_with_one_model_per_table():
    assert {p.name for p in STAGING.iterdir() if p.is_dir()} == {s.name for s in SOURCES}
    for source in SOURCES:
        models = {p.stem for p in (STAGING / source.name).glob("*.sql")}
        assert models == {f"stg_{source.name}__{t}" for t in source.dbt_source_tables()}


def test_the_aact_shaped_staging_is_documented_and_tested_once_for_every_registry():
    document = yaml.safe_load((STAGING / "_aact_shaped__models.yml").read_text())
    models = {model.pop("name"): model for model in document["models"]}
    assert set(models) == {
        f"stg_{source.name}__{table}"
        for source in study_sources()
        for table in source.dbt_source_tables()
    }
    for table in AACT_SHAPED_TABLES:
        shapes = [models[f"stg_{source.name}__{table}"] for source in study_sources()]
        assert all(shape == shapes[0] for shape in shapes), table
        assert shapes[0]["description"] and shapes[0]["columns"], table


def test_every_table_is_typed_by_its_sources_ddl():
    for source in SOURCES:
        assert set(source.tables) <= set(ddl_tables(source.ddl_path)), source.name
    vocab = next(s for s in SOURCES if not s.holds_studies)
    assert tuple(ddl_tables(vocab.ddl_path)) == vocab.tables  # vocab.sql is its tables, in order


def test_the_raw_asset_specs_are_the_registrys_tables():
    specs = {spec.key: spec for spec in raw_tables.specs}
    assert set(specs) == {
        dg.AssetKey([source.asset_prefix, table]) for source in SOURCES for table in source.tables
    }
    for source in SOURCES:
        for table in source.tables:
            spec = specs[dg.AssetKey([source.asset_prefix, table])]
            assert set(spec.kinds) == source.kinds(table)
            assert {dep.asset_key for dep in spec.deps} == {
                dg.AssetKey(key.split("/")) for key in source.upstream
            }
            assert source.raw_schema in spec.description
    checks = {(c.asset_key, c.name) for c in raw_tables.check_specs}
    for source in SOURCES:
        for check in source.checks:
            assert (dg.AssetKey([source.asset_prefix, "studies"]), check.name) in checks
    assert raw_tables.required_resource_keys >= {source.name for source in SOURCES}


def test_each_source_has_a_reader_and_a_resource_of_its_name():
    definitions = resources()
    for source in SOURCES:
        reader = source.config_class()
        assert callable(reader.from_settings) and callable(reader.open), source.reader
        assert source.name in definitions.resources
        assert hasattr(definitions.resources[source.name], "source_config")


def test_dbt_learns_the_chosen_registries_in_load_order(monkeypatch):
    names = tuple(source.name for source in study_sources())
    assert settings.SOURCES == names
    monkeypatch.setenv("CTW_SOURCES", " + ".join(reversed(names)))
    assert dbt_env({})["CTW_SOURCES"] == ",".join(names)
    monkeypatch.setenv("CTW_SOURCES", "aact,clinicaltrialsregister")
    with pytest.raises(SettingsError, match="choose one or more of aact, ctgov"):
        settings.validate()


def test_no_dbt_macro_or_registry_model_names_a_registry():
    """The union of the registries loops over registry_sources(); a new registry needs its
    staging folder and its dbt source, nothing else in dbt."""
    names = "|".join(source.name for source in study_sources())
    written = re.compile(rf"['\"]({names})['\"]|\b({names})\b\.")
    places = [
        DBT_PROJECT_DIR / "dbt_project.yml",
        *(DBT_PROJECT_DIR / "macros").rglob("*.sql"),
        *(DBT_PROJECT_DIR / "models" / "intermediate" / "registry").glob("*"),
    ]
    for path in places:
        assert not written.search(path.read_text()), path


def test_a_build_reads_the_chosen_registries_and_every_vocabulary():
    from orchestration.sources import SOURCES_BY_NAME, is_read

    aact, ctgov, vocab = (SOURCES_BY_NAME[name] for name in ("aact", "ctgov", "vocab"))
    assert is_read(aact, ("aact",)) and not is_read(ctgov, ("aact",))
    assert is_read(ctgov, ("aact", "ctgov")) and not is_read(aact, ("ctgov",))
    assert is_read(vocab, ()) and is_read(vocab, ("aact",))  # whatever registries are chosen
