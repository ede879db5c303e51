"""`./warehouse build`: load the chosen sources into a new build, run every dbt model and check
there, then publish it; print what it loaded, what changed and what the marts now hold."""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path

from orchestration import settings
from orchestration.cli.common import CliError, say, warehouse_store
from orchestration.cli.query import mart_summary
from orchestration.dagster_home import ensure_local_home
from orchestration.sources import SOURCES

LOGS_KEPT = 20


def _build_log(home: Path) -> Path:
    """A log file of its own for this build; `last_build.log` points at it; old ones pruned."""
    logs = home / "logs"
    logs.mkdir(exist_ok=True)
    path = logs / f"build-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    for old in sorted(logs.glob("build-*.log"))[: -(LOGS_KEPT - 1) or None]:
        old.unlink(missing_ok=True)
    latest = home / "last_build.log"
    latest.unlink(missing_ok=True)
    latest.symlink_to(path)
    return path


def build(wait: bool = False, report_json: Path | None = None) -> int:
    """The `build_warehouse` Dagster job, run here against the project's instance: the build is
    a run in the UI's history, and its steps print their lines as they go."""
    started = time.perf_counter()
    # No cyclic garbage collection during the build: the modules and definitions live as long
    # as the process (the collector walked them again and again while they loaded, ~0.5 s),
    # and the cycles Dagster and dbt leave are bounded by the project's nodes, not by rows
    # (collecting dbt's after it finished cost ~0.3 s). What is left is frozen, not collected,
    # before the collector is back as the caller had it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(wait, report_json, started)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _build(wait: bool, report_json: Path | None, started: float) -> int:
    from orchestration.runs import load_build_job, run_build_job
    from orchestration.warehouse.lock import BuildInProgress, LockUnavailable

    home = ensure_local_home()
    job, _ = load_build_job()
    # start-up: Dagster's, dbt's and the code location's imports (the first line above) as
    # well as the definitions, ~4 of a small build's ~6 s on a slow 2-core machine
    startup = time.perf_counter() - started
    sources = settings.sources()
    store = warehouse_store()
    try:
        if wait:
            store.lock().acquire_in_turn(say)
        else:
            store.lock().acquire()
    except (BuildInProgress, LockUnavailable) as exc:
        raise CliError(str(exc)) from None
    run, live_before = None, None
    try:
        live = store.live_build()
        live_before = live.build_id if live is not None else None
        log_path = _build_log(home)
        say(f"Building the warehouse ({store.target}: {store.describe()}); log: {log_path}")
        run = run_build_job(job, startup, log_file=str(log_path))
        if run.interrupted:
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        say("Build interrupted; " + _unchanged(live_before) + ".", sys.stderr)
        return 130
    finally:
        if run is None or not run.published:
            _discard_failed(store)
        store.lock().release()
    if not run.published:
        say(f"Build failed; {_unchanged(live_before)}.", sys.stderr)
        for message in run.failures or ["the build_warehouse run failed"]:
            say(f"  {message}", sys.stderr)
        for warning in run.warnings:  # what may explain it: records set aside, columns gone
            say(f"  warning: {warning}", sys.stderr)
        dbt_output = home / "dbt" / str(run.build_id) / "dbt.out"
        where = f"; dbt's output: {dbt_output}" if run.build_id and dbt_output.exists() else ""
        say(f"  (run {run.run_id} in the Dagster UI of DAGSTER_HOME {home}: `./warehouse "
            f"ui`, or `./warehouse serve` on that home; the build's log: {log_path}{where})",
            sys.stderr)  # fmt: skip
        return 1
    wall = time.perf_counter() - started
    report = run.report
    counts = report.get("row_counts", {})
    say(
        f"Published build {run.build_id} from {', '.join(sources)}: "
        f"{report.get('studies', 0):,} studies, {_raw_rows(counts)}, {wall:.1f} s"
    )
    say(
        f"  phases: start-up {run.startup_seconds:.1f} s, "
        + ", ".join(f"{k.replace('_', ' ')} {v:.1f} s" for k, v in run.phases.items())
    )
    if run.publish.get("changes"):
        say(f"  changes: {run.publish['changes']}")
        marts = run.publish.get("mart_row_changes") or []
        if run.publish.get("first_recorded_build"):
            say(f"  mart rows: {len(marts)} marts, the first recorded build")
        else:
            changed = [line for line in marts if not line.endswith("(+0)")]
            say(f"  mart rows: {', '.join(changed) if changed else 'every mart as before'}")
    for line in report.get("source_lines") or []:
        say(f"  {line}")
    missing = (report.get("missing") or {}).get("aact") or []
    if "aact" in sources and missing:
        say(f"  not in the AACT source, loaded empty: {', '.join(missing)}")
    for warning in run.warnings[:20]:
        say(f"  warning: {warning}", sys.stderr)
    say(mart_summary(store))
    if report_json is not None:
        report_json.write_text(json.dumps(_report(run, wall), indent=2))
    return _ctrp_documents(run)


def _raw_rows(counts: dict[str, int]) -> str:
    """`3,587 raw rows (and 32,664 vocabulary rows)`: the registries' rows apart from the
    vocabularies' (MeSH, gilda's mappings, ChEMBL), which every build loads whatever it holds."""
    vocabularies = {source.name for source in SOURCES if not source.holds_studies}
    vocab = sum(rows for key, rows in counts.items() if key.split("/")[0] in vocabularies)
    registry = sum(counts.values()) - vocab
    return f"{registry:,} raw rows" + (f" (and {vocab:,} vocabulary rows)" if vocab else "")


def _ctrp_documents(run) -> int:
    """With a trial sheet the job writes its CTRP documents after publishing: their summary, and
    1 when any is invalid or they could not be written."""
    if run.ctrp:
        say(
            f"{run.ctrp['summary']} in {run.ctrp['directory']} "
            "(`./warehouse ctrp documents` lists them)"
        )
    if run.failures:  # a step after publish (the CTRP documents) failed
        for message in run.failures:
            say(f"CTRP documents not written: {message}", sys.stderr)
        return 1
    return 1 if run.ctrp.get("invalid") else 0


def _slowest_first(seconds: dict[str, float]) -> dict[str, float]:
    return {
        name: round(spent, 2)
        for name, spent in sorted(seconds.items(), key=lambda item: (-item[1], item[0]))
    }


def _report(run, wall: float) -> dict:
    return {
        "build_id": run.build_id,
        "run_id": run.run_id,
        "wall_seconds": round(wall, 2),
        "startup_seconds": round(run.startup_seconds, 2),
        "phases": {k: round(v, 2) for k, v in run.phases.items()},
        # each dbt model's and test's own execution time, slowest first
        "dbt_model_seconds": _slowest_first(run.dbt_model_seconds),
        "dbt_test_seconds": _slowest_first(run.dbt_test_seconds),
        "row_counts": run.report.get("row_counts", {}),
        "ctgov_flattened": run.report.get("ctgov_flattened"),
        "ctgov_flatten_seconds": run.report.get("ctgov_flatten_seconds"),
    }


def _discard_failed(store) -> None:
    """A build that did not publish leaves nothing behind (the next build would drop it)."""
    from orchestration.warehouse.builds import WarehouseStateError

    try:
        if store.slot_build_id() is not None:
            store.discard()
    except WarehouseStateError as exc:
        say(f"  leftovers not removed: {exc}", sys.stderr)


def _unchanged(live_before: str | None) -> str:
    if live_before:
        return f"the live warehouse was not changed (build {live_before})"
    return "no live warehouse was created"
