"""Jobs a user starts from the UI or the CLI."""

import dagster as dg

# One process runs every step: the code location is imported once per run, not once per step.
build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Load AACT into a new build, run every dbt model and check there, then publish "
    "it as the live warehouse (a failure anywhere leaves the live warehouse as it was).",
)
