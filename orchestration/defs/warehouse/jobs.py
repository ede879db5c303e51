"""Jobs a user starts from the UI, the CLI or a schedule."""

import dagster as dg

from orchestration.defs.vocab.assets import VOCAB_FILES_GROUP
from orchestration.defs.warehouse.hooks import discard_failed_build

# Builds never call the network: the vocabularies' fetch is a job of its own (defs/vocab).
NOT_BUILT = dg.AssetSelection.groups(VOCAB_FILES_GROUP)

# One process runs every step: the code location is imported once per run, not once per step.
build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    hooks={discard_failed_build},
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("ctgov") - NOT_BUILT,
    executor_def=dg.in_process_executor,
    description="Load the chosen sources (CTW_SOURCES) into a new build, run every dbt model and "
    "check there, then publish it as the live warehouse (a failure anywhere leaves the live "
    "warehouse as it was). Reads the CT.gov mirror; it does not call the API.",
)

sync_ctgov_job = dg.define_asset_job(
    "sync_ctgov",
    selection=dg.AssetSelection.groups("ctgov"),
    executor_def=dg.in_process_executor,
    description="Bring the local CT.gov mirror of CTW_CTGOV_PARAMS up to date (incremental after "
    "the first run; `full: true` in the launchpad fetches everything again).",
)

sync_ctgov_and_build_job = dg.define_asset_job(
    "sync_ctgov_and_build",
    hooks={discard_failed_build},
    selection=dg.AssetSelection.all() - NOT_BUILT,
    executor_def=dg.in_process_executor,
    description="Bring the CT.gov mirror up to date, then build and publish a new warehouse from "
    "the chosen sources (CTW_SOURCES): the weekday refresh.",
)
