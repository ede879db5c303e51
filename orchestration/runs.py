"""The CLI's way into Dagster: run the `build_warehouse` job in this process against the
project's Dagster instance (DAGSTER_HOME), so every CLI build is a run in the UI's history with
its materializations and check results, and read back what the run did for the summary; a
rollback is recorded there too."""

from __future__ import annotations

import functools
import gc
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import dagster as dg
from dagster._core.definitions.repository_definition import SINGLETON_REPOSITORY_NAME
from dagster._core.remote_origin import (
    ManagedGrpcPythonEnvCodeLocationOrigin,
    RemoteJobOrigin,
    RemoteRepositoryOrigin,
)
from dagster._core.types.loadable_target_origin import LoadableTargetOrigin

from orchestration.dbt.runner import INTERRUPTS
from orchestration.defs.ctrp.assets import DOCUMENTS as CTRP_DOCUMENTS
from orchestration.defs.warehouse.assets import LIVE_WAREHOUSE
from orchestration.workspace import code_location

BUILD_JOB = "build_warehouse"
LAUNCHED_BY = "ctwarehouse/launched_by"
STUDIES = dg.AssetKey(["aact", "studies"])
STEP_EVENTS = {
    dg.DagsterEventType.STEP_START,
    dg.DagsterEventType.STEP_SUCCESS,
    dg.DagsterEventType.STEP_FAILURE,
}


@dataclass
class BuildRun:
    """What a `build_warehouse` run did, read from its events."""

    run_id: str
    success: bool
    build_id: str | None = None
    published: bool = False
    report: dict = field(default_factory=dict)  # raw_tables' build_report
    publish: dict = field(default_factory=dict)  # warehouse/live's metadata
    ctrp: dict = field(default_factory=dict)  # ctrp/documents' metadata (with a trial sheet)
    phases: dict[str, float] = field(default_factory=dict)
    dbt_model_seconds: dict[str, float] = field(default_factory=dict)
    dbt_test_seconds: dict[str, float] = field(default_factory=dict)  # 'model: test': its time
    failures: list[str] = field(default_factory=list)
    interrupted: bool = False  # Ctrl-C (SIGINT) stopped a step
    warnings: list[str] = field(default_factory=list)
    startup_seconds: float = 0.0  # loading the code location and starting the run


def _value(entry) -> object:
    return getattr(entry, "value", entry)


def load_build_job() -> tuple[dg.JobDefinition, float]:
    """The job from the code location, and the seconds its loading took (Dagster's and
    dagster-dbt's imports, the dbt manifest): a build's start-up."""
    started = time.perf_counter()
    from orchestration.definitions import defs

    job = defs().resolve_job_def(BUILD_JOB)
    # the modules and definitions live as long as the process: out of the collector's way, a
    # build's full collections no longer walk their objects (a small build saves ~0.5 s)
    gc.freeze()
    return job, time.perf_counter() - started


def run_build_job(
    job: dg.JobDefinition | None = None,
    startup: float = 0.0,
    console_warnings: bool = False,
    log_file: str = "",
) -> BuildRun:
    """Run the job (its steps print their own lines through the `console` logger) and read it."""
    if job is None:
        job, startup = load_build_job()
    instance = dg.DagsterInstance.get()
    with _runs_from_workspace(instance, job.name):
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={LAUNCHED_BY: "cli"},
            run_config={
                "loggers": {"console": {"config": {"warnings": console_warnings, "file": log_file}}}
            },
        )
    run = read_build_run(result, instance)
    run.startup_seconds = startup
    return run


def workspace_origin(job_name: str) -> RemoteJobOrigin:
    """The job in the project's code location (workspace.yaml), as a run the UI launches names
    it: the UI finds the job to re-execute a run by this origin."""
    location = code_location()
    target = LoadableTargetOrigin(
        executable_path=sys.executable,
        module_name=location["module_name"],
        working_directory=location["working_directory"],
    )
    code = ManagedGrpcPythonEnvCodeLocationOrigin(target, location["location_name"])
    # the repository a `Definitions` object makes is Dagster's singleton
    return RemoteRepositoryOrigin(code, SINGLETON_REPOSITORY_NAME).get_job_origin(job_name)


@contextmanager
def _runs_from_workspace(instance: dg.DagsterInstance, job_name: str) -> Iterator[None]:
    """`execute_in_process` creates its run without an origin (it takes none), and the UI then
    fails to re-execute it (`Re-execute` → CheckError). Within this block the instance creates
    runs with the workspace's origin of `job_name`."""
    create = instance.create_run_for_job
    instance.create_run_for_job = functools.partial(
        create, remote_job_origin=workspace_origin(job_name)
    )
    try:
        yield
    finally:
        del instance.create_run_for_job


def read_build_run(result, instance: dg.DagsterInstance) -> BuildRun:
    run = BuildRun(run_id=result.run_id, success=result.success)
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        metadata = {k: _value(v) for k, v in materialization.metadata.items()}
        if materialization.asset_key == STUDIES and "build_report" in metadata:
            run.report = metadata["build_report"]
            run.build_id = metadata.get("build_id")
        elif materialization.asset_key == LIVE_WAREHOUSE:
            run.publish = metadata
            run.published = True
        elif materialization.asset_key == CTRP_DOCUMENTS:
            run.ctrp = metadata
        elif "dbt_seconds" in metadata:
            name = materialization.asset_key.path[-1]
            run.dbt_model_seconds[name] = float(metadata["dbt_seconds"])
    for evaluation in result.get_asset_check_evaluations():
        metadata = {k: _value(v) for k, v in evaluation.metadata.items()}
        if "dbt_seconds" in metadata:
            tested = f"{evaluation.asset_key.path[-1]}: {evaluation.check_name}"
            run.dbt_test_seconds[tested] = float(metadata["dbt_seconds"])
        if evaluation.passed:
            continue
        reason = metadata.get("reason") or metadata.get("message") or "failed"
        if "dbt_seconds" in metadata:  # a dbt test: the dbt step's failure names the errors
            if evaluation.severity == dg.AssetCheckSeverity.WARN:
                tested = metadata.get("test") or evaluation.check_name
                run.warnings.append(f"dbt test {tested}: {_first_line(reason)}")
        elif evaluation.severity == dg.AssetCheckSeverity.ERROR:
            run.failures.append(_check_line(evaluation.check_name, reason, "failed"))
        else:
            run.warnings.append(_check_line(evaluation.check_name, reason, None))
    for event in result.get_step_failure_events():
        run.failures.extend(_step_error(event).splitlines())
        run.interrupted = run.interrupted or _is_interrupt(event)
    run.warnings = (
        run.report.get("warnings", []) + run.warnings + list(run.publish.get("warnings") or [])
    )
    run.phases = _phases(
        # only the step events: reading and decoding all of a run's ~700 costs a small build 0.05 s
        instance.all_logs(result.run_id, of_type=STEP_EVENTS),
        sum(run.dbt_model_seconds.values()),
        sum(run.dbt_test_seconds.values()),
    )
    return run


def _first_line(text: object) -> str:
    return str(text).strip().splitlines()[0] if str(text).strip() else "failed"


def _check_line(name: str, reason: object, verb: str | None) -> str:
    text = _first_line(reason)
    return f"check {name} {verb}: {text}" if verb else f"check {name}: {text}"


# Dagster's "Error occurred while executing op …" around the error a step raised: its cause is
# what the user needs to read
STEP_ERROR_WRAPPERS = {"DagsterExecutionStepExecutionError", "DagsterUserCodeExecutionError"}


def _is_interrupt(event) -> bool:
    error = event.step_failure_data.error
    while error is not None:
        if error.cls_name in INTERRUPTS:
            return True
        error = error.cause
    return False


def _step_error(event) -> str:
    """A `dg.Failure`'s description (the project's messages name file, line and value), else the
    error's own message."""
    data = event.step_failure_data
    if data.user_failure_data is not None and data.user_failure_data.description:
        return data.user_failure_data.description
    error = data.error
    while (
        error is not None
        and error.cause is not None
        and (not error.message.strip() or error.cls_name in STEP_ERROR_WRAPPERS)
    ):
        error = error.cause
    return (error.message.strip() if error else "") or f"step {event.step_key} failed"


def _phases(records, model_time: float, test_time: float) -> dict[str, float]:
    """Each step's wall time from the run's event log; dbt's split between models and tests by
    dbt's own node times."""
    starts, spent = {}, {}
    for record in records:
        event = record.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type == dg.DagsterEventType.STEP_START:
            starts[event.step_key] = record.timestamp
        elif (
            event.event_type
            in (
                dg.DagsterEventType.STEP_SUCCESS,
                dg.DagsterEventType.STEP_FAILURE,
            )
            and event.step_key in starts
        ):
            spent[event.step_key] = record.timestamp - starts[event.step_key]
    phases = {}
    if "raw_tables" in spent:
        phases["extract_load"] = spent["raw_tables"]
    dbt_step = next((k for k in spent if k.startswith("warehouse_dbt_models")), None)
    if dbt_step:
        total = (model_time + test_time) or 1.0
        phases["dbt_models"] = spent[dbt_step] * model_time / total
        phases["checks"] = spent[dbt_step] * test_time / total
    if "publish_warehouse" in spent:
        phases["publish"] = spent["publish_warehouse"]
    return phases


def record_rollback(record, warehouse: str, mart_rows: dict[str, int]) -> None:
    """A rollback is a new state of `warehouse/live` and of every mart: the UI's history shows
    them as materializations reported outside a run, naming the build that is live again (the
    marts' latest materializations would otherwise still be the rolled-away build's, with its
    row counts)."""
    instance = dg.DagsterInstance.get()
    description = f"rollback: build {record.build_id} is live again"
    instance.report_runless_asset_event(
        dg.AssetMaterialization(
            asset_key=LIVE_WAREHOUSE,
            description=description,
            metadata={
                "build_id": record.build_id,
                "rollback": True,
                "warehouse": warehouse,
                "dagster/row_count": record.studies or 0,
            },
        )
    )
    for mart, rows in sorted(mart_rows.items()):
        instance.report_runless_asset_event(
            dg.AssetMaterialization(
                asset_key=dg.AssetKey(["marts", mart]),
                description=description,
                metadata={"build_id": record.build_id, "rollback": True, "dagster/row_count": rows},
            )
        )
