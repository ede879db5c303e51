"""The Dagster code location loads, and wires dbt to the raw AACT assets."""

import dagster as dg

from orchestration.aact.schema import RAW_TABLES
from orchestration.definitions import defs


def test_code_location_wires_raw_tables_dbt_models_and_checks():
    definitions = defs()
    graph = definitions.resolve_asset_graph()
    keys = set(graph.get_all_asset_keys())
    raw = {dg.AssetKey(["aact", t]) for t in RAW_TABLES}
    assert raw <= keys
    # dbt models are keyed <schema>/<model>, as users query them
    marts = {
        dg.AssetKey(["marts", "fct_drug_disease_associations"]),
        dg.AssetKey(["marts", "fct_outcome_summaries"]),
    }
    assert marts <= keys
    assert len(keys) == len(RAW_TABLES) + 18  # 14 staging, 2 intermediate, 2 marts

    # dbt sources resolve to the raw assets, not to separate external assets
    staging = graph.get(dg.AssetKey(["staging", "stg_aact__studies"]))
    assert staging.parent_keys == {dg.AssetKey(["aact", "studies"])}
    assert staging.group_name == "staging"
    assert graph.get(dg.AssetKey(["marts", "fct_outcome_summaries"])).group_name == "marts"
    assert graph.get(dg.AssetKey(["aact", "outcomes"])).group_name == "aact_raw"

    # dbt's primary-key tests become asset checks on the models they test
    checks = {(c.asset_key.path[-1], c.name) for c in graph.asset_check_keys}
    assert (
        "fct_drug_disease_associations",
        "unique_fct_drug_disease_associations_drug_disease_id",
    ) in checks
    assert ("stg_aact__studies", "unique_stg_aact__studies_nct_id") in checks
    assert len(checks) == 56

    job = definitions.resolve_job_def("build_warehouse")
    assert set(job.asset_layer.selected_asset_keys) == keys
    assert {"aact", "warehouse", "dbt"} <= set(definitions.resources)
