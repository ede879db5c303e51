"""Jobs a user starts from the UI or the CLI."""

import dagster as dg

build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Extract AACT, load the raw tables and build every dbt model and check.",
)
