"""Command line: `python -m orchestration.cli build` materializes every asset and prints a
summary of the marts. Settings come from CTW_* environment variables (README)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

import dagster as dg

from orchestration.resources import WarehouseResource

SUMMARY_QUERIES = {
    "drug–disease associations": (
        "select count(*), count(distinct drug_name), count(distinct condition_name) "
        "from marts.fct_drug_disease_associations",
        "{0} pairs of {1} drugs × {2} conditions",
    ),
    "outcome summaries": (
        "select count(*), count(distinct outcome_id), count(distinct nct_id) "
        "from marts.fct_outcome_summaries",
        "{0} outcome × result-group rows for {1} outcomes in {2} trials",
    ),
}
# Failures and empty tables are reported by this CLI itself; the full log stays in the UI.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
TOP_PAIRS = (
    "select drug_name, condition_name, trial_count, coalesce(max_phase, '-'), nct_ids "
    "from marts.fct_drug_disease_associations "
    "order by trial_count desc, max_phase_rank desc nulls last, drug_name, condition_name limit 5"
)


def mart_summary(warehouse: WarehouseResource) -> str:
    """A few lines on what the marts hold."""
    lines = [
        f"Warehouse ({warehouse.target}): "
        + (warehouse.duckdb_path if warehouse.target == "duckdb" else warehouse.pg_database)
    ]
    for title, (query, template) in SUMMARY_QUERIES.items():
        lines.append(f"  {title}: " + template.format(*warehouse.query(query)[0]))
    lines.append("  top drug–disease pairs by trial count:")
    for drug, condition, trials, phase, nct_ids in warehouse.query(TOP_PAIRS):
        lines.append(f"    {drug} × {condition}: {trials} trial(s), max {phase} [{nct_ids}]")
    return "\n".join(lines)


def _failure_messages(result: dg.ExecuteInProcessResult) -> list[str]:
    """One line per failed step: the user-facing description, else the root error."""
    messages = []
    for event in result.all_events:
        if not event.is_step_failure:
            continue
        data = event.step_failure_data
        if data.user_failure_data is not None and data.user_failure_data.description:
            text = data.user_failure_data.description
        elif data.error is not None:
            text = (data.error.cause or data.error).message.strip()
        else:
            text = "failed"
        messages.append(f"{event.step_key}: {text}")
    return messages


def build() -> int:
    from orchestration.definitions import defs

    definitions = defs()
    job = definitions.resolve_job_def("build_warehouse")
    with dg.DagsterInstance.get() as instance:
        log_path = Path(instance.root_directory) / "last_build.log"
        print(f"Building the warehouse (dbt output: {log_path}) …", flush=True)
        with log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
            result = job.execute_in_process(
                instance=instance, raise_on_error=False, run_config=QUIET_RUN_CONFIG
            )
    if not result.success:
        print("Build failed; the warehouse keeps its previous tables.", file=sys.stderr)
        for message in _failure_messages(result):
            print(f"  {message}", file=sys.stderr)
        print(f"  (dbt output: {log_path})", file=sys.stderr)
        return 1
    empty = _tables_missing_from_source(result)
    if empty:
        print(f"Not in the AACT source, loaded empty: {', '.join(empty)}")
    print(mart_summary(_warehouse(definitions)))
    return 0


def _tables_missing_from_source(result: dg.ExecuteInProcessResult) -> list[str]:
    missing = []
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        present = materialization.metadata.get("present_in_source")
        if present is not None and present.value is False:
            missing.append(materialization.asset_key.path[-1])
    return sorted(missing)


def _warehouse(definitions: dg.Definitions) -> WarehouseResource:
    resource = definitions.resources["warehouse"]
    return resource.process_config_and_initialize()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="warehouse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="materialize every asset, then summarize the marts")
    sub.add_parser("summary", help="summarize the marts already built")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build()
    from orchestration.definitions import defs

    print(mart_summary(_warehouse(defs())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
