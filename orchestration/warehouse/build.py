"""A whole build without Dagster, for the CLI: load the raw tables into a new build beside the
live warehouse, check the source, run `dbt build` (models and every test) there, publish.

The Dagster job `build_warehouse` runs the same steps as assets (same loaders, same checks,
same publish); this path exists because for small builds process start-up dominates.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from orchestration.aact.source_config import AactSourceConfig
from orchestration.ctgov.config import CtgovSelection
from orchestration.dbt.project import dbt_env, prune_dbt_runs
from orchestration.dbt.runner import run_dbt_build
from orchestration.raw.errors import RawInputError
from orchestration.raw.load import LoadReport, TableLoad
from orchestration.warehouse.builds import WarehouseStateError, new_build_id
from orchestration.warehouse.changes import BuildChanges, record_changes
from orchestration.warehouse.checks import CheckOutcome, source_checks
from orchestration.warehouse.freshness import (
    DataDates,
    build_data_dates,
    freshness_checks,
    live_data_dates,
)
from orchestration.warehouse.pg_sessions import wait_message
from orchestration.warehouse.raw_loads import RawLoads, load_sources
from orchestration.warehouse.stores import WarehouseConfig


@dataclass
class BuildResult:
    build_id: str
    published: bool = False
    failures: list[str] = field(default_factory=list)
    load: LoadReport | None = None  # AACT's
    loads: RawLoads | None = None  # every source's
    warnings: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)
    dbt_model_seconds: dict[str, float] = field(default_factory=dict)  # model: dbt's own time
    data_dates: list[DataDates] = field(default_factory=list)
    changes: BuildChanges | None = None


def build_warehouse(
    sources: tuple[str, ...],
    source: AactSourceConfig,
    ctgov: CtgovSelection,
    warehouse: WarehouseConfig,
    dbt_runs: Path,
    log: TextIO,
    on_table: Callable[[str, TableLoad], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build and publish, or leave the live warehouse exactly as it was. The caller holds the
    store's build lock."""
    store = warehouse.store()
    on_phase = on_phase or print
    result = BuildResult(build_id=new_build_id(uuid.uuid4().hex))
    try:
        notes = store.begin(result.build_id)
    except WarehouseStateError as exc:  # its leftovers are the next build's to drop
        result.failures.append(str(exc))
        return result
    for note in notes:
        on_phase(note)
    try:
        _build(
            result, sources, source, ctgov, warehouse, store, dbt_runs, log, on_table, on_phase
        )  # fmt: skip
    except WarehouseStateError as exc:  # a lock it waited too long for, the server gone, …
        result.failures.append(str(exc))
    finally:
        if not result.published:
            _discard(store, result)
    result.warnings.extend(getattr(store, "warnings", []))
    return result


def _discard(store, result: BuildResult) -> None:
    try:
        store.discard()
    except WarehouseStateError as exc:  # the next build drops the leftovers
        result.failures.append(f"leftovers not removed: {exc}")


def _build(
    result, sources, source, ctgov, warehouse, store, dbt_runs, log, on_table, on_phase
) -> None:
    started = time.perf_counter()
    try:
        result.loads = load_sources(
            sources, store, result.build_id, configs={"aact": source, "ctgov": ctgov},
            on_table=on_table,
        )  # fmt: skip
    except RawInputError as exc:
        result.failures.append(f"raw tables: {exc}")
        return
    result.phases["extract_load"] = time.perf_counter() - started
    result.load = result.loads.reports["aact"]
    result.warnings.extend(result.loads.drift_lines())
    for record, reason in result.loads.rejected:
        result.warnings.append(f"CT.gov record {record} set aside: {reason}")

    for check in pre_dbt_checks(result, warehouse, store):
        if check.blocks:
            result.failures.append(f"check {check.name} failed: {check.reason}")
        elif not check.passed:
            result.warnings.append(f"check {check.name}: {check.reason}")
    if result.failures:
        return

    on_phase("dbt build: models and tests …")
    started = time.perf_counter()
    outcome = run_dbt_build(dbt_env(store.dbt_env()), dbt_runs / result.build_id, log)
    spent = time.perf_counter() - started
    prune_dbt_runs(dbt_runs.parent)
    result.dbt_model_seconds = dict(outcome.model_seconds)
    node_time = sum(outcome.seconds.values()) or 1.0
    result.phases["dbt_models"] = spent * outcome.seconds.get("model", 0.0) / node_time
    result.phases["checks"] = spent * outcome.seconds.get("test", 0.0) / node_time
    result.warnings.extend(outcome.warnings)
    if not outcome.success:
        result.failures.extend(outcome.failures or ["dbt build failed"])
        waited = any("lock timeout" in failure for failure in outcome.failures)
        if waited and store.target == "postgres":  # who holds what dbt waited for, if still held
            holders = store.lock_wait_holders()
            result.failures.append(wait_message("dbt", store.lock_timeout, holders))
        return

    started = time.perf_counter()
    result.changes = record_changes(store, result.build_id)
    store.publish(result.build_id)
    result.published = True
    result.phases["publish"] = time.perf_counter() - started


def pre_dbt_checks(result: BuildResult, warehouse: WarehouseConfig, store) -> list[CheckOutcome]:
    """The sources' checks (see `source_outcomes`), keeping the data dates on the result."""
    checks, result.data_dates = source_outcomes(result.loads, warehouse, store)
    return checks


def source_outcomes(
    loads: RawLoads, warehouse: WarehouseConfig, store
) -> tuple[list[CheckOutcome], list[DataDates]]:
    """What the sources delivered, checked before dbt runs: studies present and not dropping,
    data not older than the live warehouse's (errors), data recent (a warning); with each
    source's data dates."""
    checks = source_checks(
        loads.description(), loads.studies(), store.live_study_count(), warehouse.study_drop_limit()
    )
    dates = build_data_dates(
        store, {source: report.export_date for source, report in loads.reports.items()}
    )
    checks += freshness_checks(
        dates, live_data_dates(store), date.today(), warehouse.max_source_lag_days
    )
    return checks, dates
