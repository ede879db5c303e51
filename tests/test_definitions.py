"""The Dagster code location loads, groups assets by layer and wires every dbt test, every
source check and the publish step into one job."""

import json

import dagster as dg

from orchestration import settings
from orchestration.aact.schema import RAW_TABLES
from orchestration.ctgov.load import CTGOV_TABLES
from orchestration.definitions import defs
from orchestration.defs.dbt.assets import ensure_manifest
from orchestration.vocab.load import VOCAB_TABLES


def _manifest() -> dict:
    """The manifest the code location was built from (parsed per settings fingerprint)."""
    return json.loads(ensure_manifest().read_text())


def test_code_location_wires_raw_tables_dbt_models_checks_and_publish():
    definitions = defs()
    graph = definitions.resolve_asset_graph()
    keys = set(graph.get_all_asset_keys())
    manifest = _manifest()
    models = {
        dg.AssetKey([node["config"]["schema"], node["name"]])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }
    raw = {dg.AssetKey(["aact", t]) for t in RAW_TABLES}
    raw_ctgov = {dg.AssetKey(["ctgov", t]) for t in CTGOV_TABLES}
    raw_vocab = {dg.AssetKey(["vocab", t]) for t in VOCAB_TABLES}
    assert {k.path[-1] for k in raw_vocab} == {
        "mesh_tree_numbers",
        "mesh_entry_terms",
        "chembl_drug_indications",
        "chembl_molecules",
        "pmda_approvals",
        "efo_terms",
        "efo_xrefs",
        "gilda_mesh_mappings",
    }
    mirror = dg.AssetKey(["ctgov", "mirror"])
    live = dg.AssetKey(["warehouse", "live"])
    fetched = {
        dg.AssetKey(["vocab", n])
        for n in ("mesh_file", "chembl_files", "efo_file", "gilda_mesh_mappings_file")
    }
    assert keys == raw | raw_ctgov | raw_vocab | models | fetched | {live, mirror}

    groups = {key: graph.get(key).group_name for key in keys}
    assert {groups[k] for k in raw | raw_ctgov | raw_vocab} == {"raw"}
    assert groups[mirror] == "ctgov"
    assert {groups[k] for k in fetched} == {"vocab_files"}
    assert graph.get(dg.AssetKey(["ctgov", "studies"])).parent_keys == {mirror}
    assert {groups[k] for k in models} == {"staging", "intermediate", "marts"}
    assert groups[live] == "publish"
    for key in models:
        assert groups[key] == key.path[0]  # keyed <schema>/<model>, grouped by that layer

    # dbt sources resolve to the raw assets; publish waits for every mart
    staging = graph.get(dg.AssetKey(["staging", "stg_aact__studies"]))
    assert staging.parent_keys == {dg.AssetKey(["aact", "studies"])}
    for table in VOCAB_TABLES:  # the vocabularies' staging reads the raw vocab/<table> assets
        vocab_staging = graph.get(dg.AssetKey(["staging", f"stg_vocab__{table}"]))
        assert vocab_staging.parent_keys == {dg.AssetKey(["vocab", table])}
        assert graph.get(dg.AssetKey(["vocab", table])).kinds >= {"duckdb", "postgres"}
    assert graph.get(live).parent_keys == {k for k in models if k.path[0] == "marts"}

    # every dbt data test is an asset check, beside the two blocking source checks
    checks = {(c.asset_key.path[-1], c.name) for c in graph.asset_check_keys}
    data_tests = {
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and node["config"].get("enabled", True)
    }
    assert {name for _, name in checks} == data_tests | {
        "studies_not_empty",
        "studies_count_within_drop_limit",
        "raw_tables_within_drop_limit",
        "ctgov_records_flattened",
        "records_are_api_v2_studies",
        "source_not_older_than_live",
        "source_is_current",
        "aact_columns_match_ddl",
    }
    # the checks guarding a build block it; the freshness one only warns
    raw_tables = definitions.resolve_assets_def(dg.AssetKey(["aact", "studies"]))
    specs = {spec.name: spec for spec in raw_tables.check_specs}
    assert specs["source_not_older_than_live"].blocking
    assert specs["raw_tables_within_drop_limit"].blocking
    assert not specs["source_is_current"].blocking
    assert "business days" in specs["source_is_current"].description
    assert not specs["aact_columns_match_ddl"].blocking  # schema drift warns, never blocks

    # sources, marts and the live warehouse show fresh / stale: monthly with AACT alone
    for key in [
        dg.AssetKey(["aact", "studies"]),
        mirror,
        live,
        *(m for m in models if m.path[0] == "marts"),
    ]:
        policy = graph.get(key).freshness_policy
        assert isinstance(policy, dg.FreshnessPolicy), key
        assert policy.fail_window.to_timedelta().days == 35
    assert graph.get(dg.AssetKey(["staging", "stg_aact__studies"])).freshness_policy is None

    job = definitions.resolve_job_def("build_warehouse")
    # builds never call the network: neither the API nor the vocabularies' servers
    assert set(job.asset_layer.selected_asset_keys) == keys - {mirror} - fetched
    assert job.executor_def.name == "in_process"
    sync = definitions.resolve_job_def("sync_ctgov")
    assert set(sync.asset_layer.selected_asset_keys) == {mirror}
    refresh = definitions.resolve_job_def("sync_ctgov_and_build")
    # the sync runs before the load
    assert set(refresh.asset_layer.selected_asset_keys) == keys - fetched
    fetch = definitions.resolve_job_def("fetch_vocabularies")
    assert set(fetch.asset_layer.selected_asset_keys) == fetched
    assert {"aact", "ctgov", "warehouse"} <= set(definitions.resources)
    assert set(definitions.loggers) == {"console"}  # the steps' own lines, plain


def test_the_weekday_refresh_is_on_only_when_ctgov_is_a_source(monkeypatch):
    from orchestration.defs.ctgov import schedules

    schedule = defs().resolve_schedule_def("ctgov_weekday_refresh")
    assert schedule.job_name == "sync_ctgov_and_build"
    assert schedule.cron_schedule == "0 7 * * 1-5"
    assert schedule.execution_timezone == "America/New_York"
    monkeypatch.setenv("CTW_SOURCES", "aact")
    assert schedules.weekday_status() == dg.DefaultScheduleStatus.STOPPED
    monkeypatch.setenv("CTW_SOURCES", "aact,ctgov")
    assert schedules.weekday_status() == dg.DefaultScheduleStatus.RUNNING


def test_the_monthly_vocabulary_fetch_is_on_once_fetched_by_hand(monkeypatch, tmp_path):
    from orchestration.defs.vocab.schedules import fetch_status, vocab_monthly_fetch

    assert vocab_monthly_fetch.job_name == "fetch_vocabularies"
    assert vocab_monthly_fetch.cron_schedule == "0 2 1 * *"  # CTW_VOCAB_SCHEDULE
    assert vocab_monthly_fetch.execution_timezone == "America/New_York"
    monkeypatch.setenv("CTW_VOCAB_DIR", str(tmp_path))
    assert fetch_status() == dg.DefaultScheduleStatus.STOPPED
    (tmp_path / "manifest.json").write_text('{"format": 1, "vocabularies": {}}')
    assert fetch_status() == dg.DefaultScheduleStatus.RUNNING


def test_every_child_table_declares_its_study_exists():
    manifest = _manifest()
    table_keys = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and node["config"].get("enabled", True)
        and node["test_metadata"]["name"] == "table_keys"
    ]
    tested = {
        node["attached_node"].split(".")[-1]
        for node in table_keys
        if "nct_id" in node["test_metadata"]["kwargs"].get("references", {})
    }
    for node in table_keys:  # a reference reaches the parent of the same registry
        registries = {
            unique_id.split(".")[-1].split("__")[0] for unique_id in node["depends_on"]["nodes"]
        }
        assert len(registries) == 1, node["attached_node"]
    # a registry's staging is tested when it is a source of the build (enabled_when_loaded)
    staged = {
        f"stg_{source}__{t}" for source in settings.sources() for t in RAW_TABLES if t != "studies"
    }
    assert tested == staged


def test_the_monthly_aact_reload_is_on_by_default_only_for_a_local_aact_database(monkeypatch):
    from orchestration.defs.aact.schedules import aact_monthly_reload, monthly_status

    assert aact_monthly_reload.job_name == "build_warehouse"
    assert aact_monthly_reload.cron_schedule == "0 3 1 * *"  # CTW_AACT_SCHEDULE
    assert aact_monthly_reload.execution_timezone == "America/New_York"
    running, stopped = dg.DefaultScheduleStatus.RUNNING, dg.DefaultScheduleStatus.STOPPED
    monkeypatch.delenv("PGHOST", raising=False)
    monkeypatch.setenv("CTW_SOURCES", "aact")
    monkeypatch.delenv("CTW_AACT_SOURCE", raising=False)
    assert monthly_status() == stopped  # flat files do not change by themselves: the inbox loads
    monkeypatch.setenv("CTW_AACT_SOURCE", "postgres")
    for conninfo, status in [
        ("host=aact-db.ctti-clinicaltrials.org dbname=aact user=me", stopped),  # AACT's own
        ("host=127.0.0.1 dbname=aact", running),
        ("postgresql://me@localhost/aact", running),
        ("host=/var/run/postgresql dbname=aact", running),
        ("dbname=aact", running),  # libpq's default: the local socket
        ("host=db.internal dbname=aact", stopped),
    ]:
        monkeypatch.setenv("CTW_AACT_PG_CONNINFO", conninfo)
        assert monthly_status() == status, conninfo
    monkeypatch.setenv("PGHOST", "db.internal")
    assert monthly_status() == stopped
    monkeypatch.setenv("CTW_SOURCES", "ctgov")
    assert monthly_status() == stopped


def test_the_automation_sensor_is_on_only_when_ctgov_is_a_source(monkeypatch):
    """Like the weekday refresh: with it on, a sync of the mirror is followed by a build."""
    from orchestration.defs.warehouse.automation import automation_status

    monkeypatch.setenv("CTW_SOURCES", "aact")
    assert automation_status() == dg.DefaultSensorStatus.STOPPED
    monkeypatch.setenv("CTW_SOURCES", "ctgov")
    assert automation_status() == dg.DefaultSensorStatus.RUNNING


def test_ctrp_assets_exist_only_with_a_trial_sheet(monkeypatch, tmp_path):
    documents = dg.AssetKey(["ctrp", "documents"])
    monkeypatch.delenv("CTW_CTRP_TRIALS", raising=False)
    assert documents not in set(defs().resolve_asset_graph().get_all_asset_keys())

    monkeypatch.setenv("CTW_CTRP_TRIALS", str(tmp_path / "trials.yml"))
    definitions = defs()
    graph = definitions.resolve_asset_graph()
    node = graph.get(documents)
    assert node.group_name == "ctrp" and node.kinds >= {"xml"}
    assert node.parent_keys == {dg.AssetKey(["warehouse", "live"])}  # after publish
    assert {c.name for c in graph.asset_check_keys if c.asset_key == documents} == {
        "no_invalid_documents"
    }
    # the documents follow every build; submitting is a job of its own, never part of one
    build = definitions.resolve_job_def("build_warehouse")
    assert documents in set(build.asset_layer.selected_asset_keys)
    submit = definitions.resolve_job_def("submit_ctrp")
    assert [node.name for node in submit.nodes] == ["submit_ctrp_documents"]
    assert "ctrp" in definitions.resources


def test_freshness_follows_the_sources_of_each_load(monkeypatch):
    """Each load of the code location reads CTW_SOURCES again: with CT.gov, sources and marts are
    due every weekday morning; with AACT alone, monthly (no policy is fixed at first import)."""
    keys = [
        dg.AssetKey(["ctgov", "mirror"]),
        dg.AssetKey(["warehouse", "live"]),
        dg.AssetKey(["marts", "dim_trials"]),
    ]
    for sources, weekday in (("aact,ctgov", True), ("aact", False), ("ctgov", True)):
        monkeypatch.setenv("CTW_SOURCES", sources)
        graph = defs().resolve_asset_graph()
        for key in keys:
            policy = graph.get(key).freshness_policy
            assert (getattr(policy, "deadline_cron", None) == "0 9 * * 1-5") is weekday, (
                sources,
                key,
            )
