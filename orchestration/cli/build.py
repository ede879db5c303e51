"""`./warehouse build`: load the chosen sources into a new build, run every dbt model and check
there, then publish it; print what it loaded, what changed and what the marts now hold."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from orchestration import settings
from orchestration.cli.common import CliError, say
from orchestration.cli.ctrp import ctrp_documents
from orchestration.cli.query import mart_summary

LOGS_KEPT = 20


def _dagster_home() -> Path:
    home = Path(os.environ.get("DAGSTER_HOME") or settings.REPO_ROOT / ".dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or not config.read_text().strip():
        config.write_text("telemetry:\n  enabled: false\n")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


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
    from orchestration.aact.source_config import AactSourceConfig
    from orchestration.dbt.project import dbt_runs_dir
    from orchestration.warehouse.build import build_warehouse
    from orchestration.warehouse.lock import BuildInProgress
    from orchestration.warehouse.stores import WarehouseConfig

    started = time.perf_counter()
    home = _dagster_home()
    warehouse = WarehouseConfig.from_settings()
    sources = settings.sources()
    store = warehouse.store()
    try:
        store.lock().acquire(wait=wait)
    except BuildInProgress as exc:
        raise CliError(str(exc)) from None
    result, live_before = None, None
    try:
        before = store.builds()
        live_before = before[0].build_id if before and before[0].state == "live" else None
        log_path = _build_log(home)
        say(f"Building the warehouse ({store.target}: {store.describe()}); log: {log_path}")
        with log_path.open("w", encoding="utf-8") as log:
            result = build_warehouse(
                sources,
                AactSourceConfig.from_settings(),
                _ctgov_selection(),
                warehouse,
                dbt_runs_dir(home),
                log,
                on_table=lambda source, t: say(
                    f"  loaded {source}/{t.table}: {t.rows:,} rows in {t.seconds:.1f} s"
                    + ("" if t.present else " (not in the source: created empty)")
                ),
                on_phase=lambda text: say(f"  {text}"),
            )
    except KeyboardInterrupt:
        say("Build interrupted; " + _unchanged(live_before) + ".", sys.stderr)
        return 130
    finally:
        store.lock().release()
    if not result.published:
        say(f"Build failed; {_unchanged(live_before)}.", sys.stderr)
        for message in result.failures:
            say(f"  {message}", sys.stderr)
        say(f"  (full log: {log_path})", sys.stderr)
        return 1
    wall = time.perf_counter() - started
    counts = {
        f"{source}/{table}": rows
        for source, load in result.loads.reports.items()
        for table, rows in load.row_counts().items()
    }
    say(
        f"Published build {result.build_id} from {', '.join(sources)}: "
        f"{result.loads.studies():,} studies, {sum(counts.values()):,} raw rows, {wall:.1f} s"
    )
    say(
        "  phases: "
        + ", ".join(f"{k.replace('_', ' ')} {v:.1f} s" for k, v in result.phases.items())
    )
    if result.changes is not None:
        say(f"  changes: {result.changes.line()}")
        if result.changes.previous_build_id is None:
            say(f"  mart rows: {len(result.changes.mart_rows)} marts, the first recorded build")
        else:
            changed = [line for line in result.changes.mart_lines() if not line.endswith("(+0)")]
            say(f"  mart rows: {', '.join(changed) if changed else 'every mart as before'}")
    if result.loads.mirror_line():
        say(f"  {result.loads.mirror_line()}")
    if "aact" in sources and result.load.missing:
        say(f"  not in the AACT source, loaded empty: {', '.join(result.load.missing)}")
    for warning in result.warnings[:20]:
        say(f"  warning: {warning}", sys.stderr)
    say(mart_summary(store))
    if report_json is not None:
        report = {
            "build_id": result.build_id,
            "wall_seconds": round(wall, 2),
            "phases": {k: round(v, 2) for k, v in result.phases.items()},
            "dbt_model_seconds": {  # each model's own execution time, slowest first
                name: round(seconds, 2)
                for name, seconds in sorted(
                    result.dbt_model_seconds.items(), key=lambda item: (-item[1], item[0])
                )
            },
            "row_counts": counts,
            "ctgov_flattened": result.loads.mirror.flattened if result.loads.mirror else None,
            "ctgov_flatten_seconds": result.loads.mirror.seconds if result.loads.mirror else None,
        }
        report_json.write_text(json.dumps(report, indent=2))
    if settings.get("CTW_CTRP_TRIALS"):  # as the build_warehouse job's ctrp/documents asset
        try:
            return ctrp_documents(quiet=True)
        except CliError as exc:
            say(f"CTRP documents not written: {exc}", sys.stderr)
            return 1
    return 0


def _ctgov_selection():
    from orchestration.ctgov.selection import parse_selection
    from orchestration.warehouse.raw_loads import CtgovSelection

    try:
        params = parse_selection(settings.get("CTW_CTGOV_PARAMS"))
    except ValueError as exc:
        raise CliError(f"CTW_CTGOV_PARAMS: {exc}") from None
    return CtgovSelection(Path(settings.get("CTW_CTGOV_MIRROR")), params)


def _unchanged(live_before: str | None) -> str:
    if live_before:
        return f"the live warehouse was not changed (build {live_before})"
    return "no live warehouse was created"
