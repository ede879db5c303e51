"""Failed runs leave a record: a scheduled build that fails keeps the live warehouse as it was, so
without one a failure at night goes unnoticed."""

from pathlib import Path

import dagster as dg

from orchestration import settings
from orchestration.warehouse.run_failures import (
    FailedStep,
    append_record,
    failure_record,
    post_record,
)


def _step_asset_keys(context: dg.RunFailureSensorContext) -> dict[str, list[str]]:
    """{step key: asset keys its outputs materialize}, from the run's execution plan."""
    run = context.dagster_run
    if not run.execution_plan_snapshot_id:
        return {}
    plan = context.instance.get_execution_plan_snapshot(run.execution_plan_snapshot_id)
    return {
        step.key: [
            output.properties.asset_key.to_user_string()
            for output in step.outputs
            if output.properties is not None and output.properties.asset_key is not None
        ]
        for step in plan.steps
    }


def _materialized(context: dg.RunFailureSensorContext) -> set[str]:
    logs = context.instance.all_logs(
        context.dagster_run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
    )
    return {entry.dagster_event.asset_key.to_user_string() for entry in logs}


def _step_error(event: dg.DagsterEvent) -> str:
    """A `dg.Failure`'s description (the project's messages name file, line and value), else the
    exception's message and its causes, without the stack traces."""
    data = event.step_failure_data
    if data.user_failure_data is not None and data.user_failure_data.description:
        return data.user_failure_data.description
    messages, error = [], data.error
    while error is not None:
        messages.append(error.message.strip())
        error = error.cause
    return "\ncaused by: ".join(messages) or event.message or ""


def failed_run_record(context: dg.RunFailureSensorContext) -> dict:
    """What failed: the steps with their errors, and the assets those steps did not materialize
    (a dbt step that fails on one test has built most of its models)."""
    run = context.dagster_run
    assets_by_step = _step_asset_keys(context)
    materialized = _materialized(context)
    steps = []
    for event in context.get_step_failure_events():
        steps.append(
            FailedStep(
                step=event.step_key or "",
                error=_step_error(event),
                asset_keys=tuple(
                    key for key in assets_by_step.get(event.step_key, []) if key not in materialized
                ),
            )
        )
    record = context.instance.get_run_record_by_id(run.run_id)
    return failure_record(
        run_id=run.run_id,
        job=run.job_name,
        message=context.failure_event.message,
        steps=steps,
        started=record.start_time if record else None,
        ended=record.end_time if record else None,
        tags=dict(run.tags),
    )


@dg.run_failure_sensor(
    name="record_run_failures",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Appends one JSON line per failed run of this code location to CTW_RUN_FAILURE_LOG "
    "(default data/run_failures.jsonl): job, run id, failed steps and assets, the error, start "
    "and end, tags and the run's page; POSTs the same JSON to CTW_FAILURE_WEBHOOK_URL when set.",
)
def record_run_failures(context: dg.RunFailureSensorContext):
    record = failed_run_record(context)
    log_path = Path(settings.get("CTW_RUN_FAILURE_LOG"))
    append_record(log_path, record)
    context.log.info(f"run {record['run_id']} of {record['job']} failed: recorded in {log_path}")
    url = settings.get("CTW_FAILURE_WEBHOOK_URL")
    if url:
        problem = post_record(url, record)
        if problem:
            context.log.warning(problem)
