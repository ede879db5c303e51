"""A build starts from the last parse under its own settings: builds of other warehouses (the
tests, a benchmark) never replace it, so a user's next build parses only what changed."""

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from orchestration.dbt import project
from orchestration.dbt.project import PARTIAL_PARSE, keep_partial_parse, seed_partial_parse


def _built(folder, content: bytes):
    folder.mkdir(parents=True)
    (folder / PARTIAL_PARSE).write_bytes(content)
    return folder


def test_each_profile_keeps_its_own_parse(tmp_path, monkeypatch):
    monkeypatch.setattr(project, "TARGET_DIR", tmp_path / "target")
    mine = {"CTW_DBT_DUCKDB_PATH": "/home/me/data.builds/building/warehouse.duckdb"}
    other = {"CTW_DBT_DUCKDB_PATH": "/tmp/pytest/x.builds/building/warehouse.duckdb"}
    keep_partial_parse(_built(tmp_path / "mine", b"my parse"), mine)
    keep_partial_parse(_built(tmp_path / "other", b"another warehouse's parse"), other)

    seed_partial_parse(tmp_path / "next", mine)
    assert (tmp_path / "next" / PARTIAL_PARSE).read_bytes() == b"my parse"
    seed_partial_parse(tmp_path / "new", {"CTW_DBT_DUCKDB_PATH": "/elsewhere/w.duckdb"})
    assert not (tmp_path / "new" / PARTIAL_PARSE).exists()  # a full parse, as dbt would do


def test_old_parses_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(project, "TARGET_DIR", tmp_path / "target")
    for n in range(project.PARTIAL_PARSES_KEPT + 3):
        keep_partial_parse(_built(tmp_path / f"b{n}", b"x"), {"CTW_DBT_DUCKDB_PATH": str(n)})
    kept = list((tmp_path / "target" / "partial_parses").glob("*.msgpack"))
    assert len(kept) == project.PARTIAL_PARSES_KEPT


def test_builds_of_any_folder_reach_dbt_through_the_same_slot(tmp_path, monkeypatch):
    """dbt parses again whenever its profile changes, and a DuckDB build's path is in it: builds
    in two folders, one after the other, give dbt the same path (so they share a parse); a build
    running meanwhile gets another slot; PostgreSQL's environment passes through."""
    monkeypatch.setattr(project, "PROFILE_SLOTS_DIR", tmp_path / "slots")
    seen = []
    for folder in ("first", "second"):
        building = tmp_path / folder / "warehouse.builds" / "building"
        building.mkdir(parents=True)
        (building / "warehouse.duckdb").write_bytes(folder.encode())
        env = {
            "CTW_DBT_DUCKDB_PATH": str(building / "warehouse.duckdb"),
            "CTW_DBT_TEMP_DIR": str(tmp_path / folder / "warehouse.builds" / "spill"),
            "CTW_TARGET": "duckdb",
        }
        with project.profile_slot(env) as slotted:
            seen.append((slotted["CTW_DBT_DUCKDB_PATH"], slotted["CTW_DBT_TEMP_DIR"]))
            assert Path(slotted["CTW_DBT_DUCKDB_PATH"]).read_bytes() == folder.encode()
            assert Path(slotted["CTW_DBT_TEMP_DIR"]).resolve() == Path(env["CTW_DBT_TEMP_DIR"])
            assert slotted["CTW_TARGET"] == "duckdb"
            with project.profile_slot(env) as meanwhile:
                assert meanwhile["CTW_DBT_DUCKDB_PATH"] != slotted["CTW_DBT_DUCKDB_PATH"]
                assert Path(meanwhile["CTW_DBT_DUCKDB_PATH"]).read_bytes() == folder.encode()
    assert seen[0] == seen[1]
    assert seen[0][0] == str(tmp_path / "slots" / "0" / "warehouse.duckdb")

    postgres = {"CTW_DBT_DUCKDB_PATH": "", "CTW_DBT_TEMP_DIR": "", "CTW_TARGET": "postgres"}
    with project.profile_slot(postgres) as slotted:
        assert slotted == postgres


def test_a_postgres_builds_id_and_lock_timeout_do_not_count_as_new_settings(tmp_path, monkeypatch):
    """libpq reads PGAPPNAME (which names the build) and PGOPTIONS when dbt connects; dbt's parse
    never sees them. Every PostgreSQL build used to start from no parse at all."""
    monkeypatch.setattr(project, "TARGET_DIR", tmp_path / "target")
    warehouse = {"CTW_TARGET": "postgres", "CTW_PG_DATABASE": "ctwarehouse"}
    first = {**warehouse, "PGAPPNAME": "ctwarehouse build 20261203_101500_ab12cd dbt"}
    keep_partial_parse(_built(tmp_path / "first", b"the first build's parse"), first)
    later = {
        **warehouse,
        "PGAPPNAME": "ctwarehouse build 20261204_101500_ef34ab dbt",
        "PGOPTIONS": "-c lock_timeout=1s",
    }
    seed_partial_parse(tmp_path / "later", later)
    assert (tmp_path / "later" / PARTIAL_PARSE).read_bytes() == b"the first build's parse"
    assert project._fingerprint(first) == project._fingerprint(later)

    elsewhere = {**later, "CTW_PG_DATABASE": "other"}  # in dbt's profile: a parse of its own
    seed_partial_parse(tmp_path / "elsewhere", elsewhere)
    assert not (tmp_path / "elsewhere" / PARTIAL_PARSE).exists()
    assert project._fingerprint(elsewhere) != project._fingerprint(later)


def test_dbt_sees_whether_a_trial_sheet_is_named_not_where(monkeypatch):
    monkeypatch.setenv("CTW_CTRP_TRIALS", "/home/me/trials.yml")
    named = project.dbt_env({})
    monkeypatch.setenv("CTW_CTRP_TRIALS", "/srv/other/sheet.yml")
    assert project.dbt_env({}) == named and named["CTW_CTRP_TRIALS"] == "named"
    monkeypatch.setenv("CTW_CTRP_TRIALS", "")
    assert project.dbt_env({})["CTW_CTRP_TRIALS"] == ""


def test_processes_asking_for_the_same_manifest_parse_it_once(tmp_path, monkeypatch):
    """Two test workers (or the UI and a CLI build) starting with the same new settings: the
    second waits for the first's `dbt parse` and reads its manifest."""
    monkeypatch.setattr(project, "MANIFESTS_DIR", tmp_path / "manifests")
    parses = []

    def parse(folder, fingerprint, env):
        parses.append(fingerprint)
        time.sleep(0.3)  # the second asks meanwhile
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text("{}")

    monkeypatch.setattr(project, "_parse_into", parse)
    env = {"CTW_TARGET": "duckdb", "CTW_SOURCES": "aact"}
    with ThreadPoolExecutor(2) as pool:
        manifests = list(pool.map(lambda _: project.prepare_manifest(env), range(2)))
    assert manifests[0] == manifests[1] and manifests[0].read_text() == "{}"
    assert len(parses) == 1


def test_the_manifests_parse_is_the_parse_the_next_build_starts_from(tmp_path, monkeypatch):
    """The first build after a change of the project or its settings used to parse it twice:
    once for Dagster's manifest, once more in dbt's own run (a profile path of its own, ~2 s).
    The manifest is parsed through the build's profile slot and kept for those settings."""
    target = tmp_path / "target"
    monkeypatch.setattr(project, "TARGET_DIR", target)
    monkeypatch.setattr(project, "MANIFESTS_DIR", target / "manifests")
    monkeypatch.setattr(project, "PROFILE_SLOTS_DIR", target / "slots")
    builds = tmp_path / "warehouse.builds"
    env = project.dbt_env(
        {
            "CTW_DBT_DUCKDB_PATH": str(builds / "building" / "warehouse.duckdb"),
            "CTW_DBT_TEMP_DIR": str(builds / "spill"),
            "CTW_DBT_SCHEMA_SUFFIX": "",
            "CTW_DBT_UNLOGGED": "off",
            "CTW_DBT_DUCKDB_ACCESS_MODE": "automatic",
            "CTW_TARGET": "duckdb",
        }
    )
    manifest = project.prepare_manifest(env)
    assert manifest.exists()

    with project.profile_slot(env) as slotted:  # as run_dbt_build reaches dbt
        seed_partial_parse(tmp_path / "build", slotted)
    seeded = tmp_path / "build" / PARTIAL_PARSE
    assert seeded.read_bytes() == (manifest.parent / PARTIAL_PARSE).read_bytes()
