"""ctwarehouse command line (`./warehouse <command>`).

build      load AACT into a new build, run every dbt model and check there, then publish it
summary    what the live warehouse's marts hold
rollback   make a kept build live again (`--list` shows the builds)
sql        run a read-only SQL query against the live warehouse
dbt        run dbt against the live warehouse (e.g. `./warehouse dbt docs generate`)
changes    the studies each build added, updated and removed (`--since YYYY-MM-DD`)
ctrp       NCI CTRP registration: validate, write (documents) and submit CTRP documents
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from orchestration import settings
from orchestration.settings import SettingsError

SUMMARY_QUERIES = {
    "drug–disease associations": (
        "select count(*), count(distinct drug_key), count(distinct condition_key) "
        "from marts.fct_drug_disease_associations",
        "{0:,} pairs of {1:,} drugs × {2:,} conditions (normalised names; placebo, "
        "healthy volunteers and withdrawn trials left out)",
    ),
    "labels mapped": (
        "select drugs, drugs_mesh, coalesce(round(100.0 * drugs_mesh / nullif(drugs, 0)), 0), "
        "drugs_chembl, conditions, conditions_mesh, "
        "coalesce(round(100.0 * conditions_mesh / nullif(conditions, 0)), 0), conditions_mesh_id "
        "from (select count(distinct drug_key) as drugs, count(distinct case when drug_mesh_id "
        "is not null or drug_mesh_term is not null then drug_key end) as drugs_mesh, "
        "count(distinct case when drug_chembl_id is not null then drug_key end) as drugs_chembl, "
        "count(distinct condition_key) as conditions, count(distinct case when "
        "condition_mesh_term is not null then condition_key end) as conditions_mesh, "
        "count(distinct case when condition_mesh_id is not null then condition_key end) "
        "as conditions_mesh_id from marts.fct_trial_drug_conditions where is_counted) as counted",
        "drugs {1:,} of {0:,} ({2:.0f} %) to MeSH, {3:,} to ChEMBL; conditions {5:,} of {4:,} "
        "({6:.0f} %) to MeSH, {7:,} of them with a descriptor id (clinical_mining: about 53 % "
        "of drugs, 57 % of indications)",
    ),
    "MeSH roll-up": (
        "select count(*), count(distinct mesh_term) from marts.fct_drug_mesh_conditions",
        "{0:,} drug × MeSH condition rows over {1:,} MeSH terms (ancestors included)",
    ),
    "outcome summaries": (
        "select count(*), count(distinct outcome_id), count(distinct nct_id) "
        "from marts.fct_outcome_summaries",
        "{0:,} outcome × result-group rows for {1:,} outcomes in {2:,} trials",
    ),
    "outcome analyses": (
        "select count(*), coalesce(sum(case when p_value_is_bound then 1 else 0 end), 0) "
        "from marts.fct_outcome_analyses",
        "{0:,} analyses, {1:,} of them with a p-value bound (<, >)",
    ),
}
TOP_PAIRS = (
    "select drug_name, condition_name, trial_count, coalesce(max_phase, '-'), nct_ids "
    "from marts.fct_drug_disease_associations "
    "order by trial_count desc, max_phase_rank desc nulls last, drug_name, condition_name limit 5"
)
LOGS_KEPT = 20
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class CliError(RuntimeError):
    """A failure to report as one line (no traceback)."""


def plain(text: str, stream=sys.stderr) -> str:
    """Text without terminal colour codes unless it goes to a terminal."""
    return text if stream.isatty() else _ANSI.sub("", text)


def say(text: str = "", stream=sys.stdout) -> None:
    print(plain(text, stream), file=stream, flush=True)


# --- the warehouse ----------------------------------------------------------------------------


def _warehouse_store():
    from orchestration.warehouse.stores import WarehouseConfig

    return WarehouseConfig.from_settings().store()


def mart_summary(store) -> str:
    """A few lines on what the live marts hold."""
    from orchestration.warehouse.builds import WarehouseStateError

    try:
        lines = [f"Warehouse ({store.target}): {store.describe()}"]
        for title, (query, template) in SUMMARY_QUERIES.items():
            lines.append(f"  {title}: " + template.format(*store.query(query)[0]))
        lines.append("  top drug–disease pairs by trial count:")
        for drug, condition, trials, phase, nct_ids in store.query(TOP_PAIRS):
            lines.append(f"    {drug} × {condition}: {trials} trial(s), max {phase} [{nct_ids}]")
    except WarehouseStateError as exc:
        raise CliError(str(exc)) from None
    except Exception as exc:  # the database's own error: no marts yet, wrong database, …
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CliError(
            f"{store.describe()}: the marts cannot be read ({first}); run `./warehouse build` first"
        ) from None
    return "\n".join(lines)


# --- build ------------------------------------------------------------------------------------


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
    from orchestration.ctgov.config import CtgovSelection
    from orchestration.ctgov.selection import parse_selection

    try:
        params = parse_selection(settings.get("CTW_CTGOV_PARAMS"))
    except ValueError as exc:
        raise CliError(f"CTW_CTGOV_PARAMS: {exc}") from None
    return CtgovSelection(Path(settings.get("CTW_CTGOV_MIRROR")), params)


def _unchanged(live_before: str | None) -> str:
    if live_before:
        return f"the live warehouse was not changed (build {live_before})"
    return "no live warehouse was created"


# --- other commands ---------------------------------------------------------------------------


def rollback(build_id: str | None, list_only: bool) -> int:
    from orchestration.warehouse.builds import WarehouseStateError
    from orchestration.warehouse.lock import BuildInProgress

    store = _warehouse_store()
    try:
        if list_only:
            builds = store.builds()
            if not builds:
                say(f"{store.describe()}: no builds yet")
            for record in builds:
                say(record.line())
            return 0
        record = store.rollback(build_id)
    except (WarehouseStateError, BuildInProgress) as exc:
        raise CliError(str(exc)) from None
    say(f"Rolled back: build {record.build_id} is live again ({store.describe()}).")
    return 0


def sql(statement: str | None) -> int:
    """Print the rows of one read-only query against the live warehouse (see sql_reader)."""
    from orchestration.warehouse.builds import WarehouseStateError
    from orchestration.warehouse.sql_reader import read_only_query
    from orchestration.warehouse.stores import WarehouseConfig

    query = statement if statement else sys.stdin.read()
    if not query.strip():
        raise CliError('no SQL given: `./warehouse sql "select …"` or SQL on stdin')
    try:
        columns, rows = read_only_query(WarehouseConfig.from_settings(), query)
    except WarehouseStateError as exc:
        raise CliError(str(exc)) from None
    except Exception as exc:
        raise CliError(f"query failed: {str(exc).strip().splitlines()[0]}") from None
    say("\t".join(columns))
    for row in rows:
        say("\t".join("" if v is None else str(v) for v in row))
    return 0


def changes(since: str | None) -> int:
    """The studies each build added, updated and removed, newest build first (tab-separated)."""
    from orchestration.warehouse.changes import changes_query

    if since is not None:
        try:
            date.fromisoformat(since)
        except ValueError:
            raise CliError(f"--since {since!r}: expected a date, YYYY-MM-DD") from None
    store = _warehouse_store()
    try:
        columns, rows = store.query_with_columns(changes_query(f'"{store.raw_schema}"', since))
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CliError(
            f"{store.describe()}: no recorded changes ({first}); builds record them from now on"
        ) from None
    say("\t".join(["build_id", "recorded_on", "change", "nct_id", "last_update_posted_date"]))
    for row in rows:
        say("\t".join("" if v is None else str(v) for v in row))
    builds = len({row[0] for row in rows})
    say(
        f"{len(rows):,} study changes in {builds:,} builds" + (f" since {since}" if since else ""),
        sys.stderr,
    )
    return 0


def dbt(args: list[str]) -> int:
    """dbt with the profile pointed at the live warehouse, artifacts in target/cli."""
    from orchestration.dbt.project import dbt_env, dbt_executable
    from orchestration.settings import DBT_PROJECT_DIR

    store = _warehouse_store()
    live_env = {"CTW_DBT_SCHEMA_SUFFIX": ""}  # the store's build env, pointed at the live one
    if store.target == "duckdb":
        live_env["CTW_DBT_DUCKDB_PATH"] = str(store.live)
    env = {
        **os.environ,
        **dbt_env({**store.dbt_env(), **live_env}),
        "DBT_TARGET_PATH": str(DBT_PROJECT_DIR / "target" / "cli"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [dbt_executable(), *args]
    if args and "--profiles-dir" not in args:
        command += ["--profiles-dir", str(DBT_PROJECT_DIR)]
    return subprocess.call(command, cwd=DBT_PROJECT_DIR, env=env)


def ctgov_sync(full: bool) -> int:
    """Bring the local CT.gov mirror of the selection up to date (see orchestration/ctgov)."""
    from orchestration.ctgov.client import CtgovApiError, CtgovClient
    from orchestration.ctgov.mirror import CtgovMirror
    from orchestration.ctgov.selection import parse_selection
    from orchestration.ctgov.sync import sync_selection

    try:
        params = parse_selection(settings.get("CTW_CTGOV_PARAMS"))
    except ValueError as exc:
        raise CliError(f"CTW_CTGOV_PARAMS: {exc}") from None
    fetched = [0]

    def progress(page, stored: int) -> None:
        fetched[0] += stored
        total = f" of {page.total_count:,}" if page.total_count else ""
        say(f"  page {page.number}: {fetched[0]:,}{total} studies")

    say(f"Syncing CT.gov ({settings.get('CTW_CTGOV_API_URL')}) selection {params or 'all'}")
    try:
        with (
            CtgovClient(
                settings.get("CTW_CTGOV_API_URL"),
                rate_per_minute=settings.get_int("CTW_CTGOV_RATE_PER_MINUTE"),
                page_size=settings.get_int("CTW_CTGOV_PAGE_SIZE"),
            ) as client,
            CtgovMirror(settings.get("CTW_CTGOV_MIRROR")) as mirror,
        ):
            report = sync_selection(client, mirror, params, full=full, on_page=progress)
    except CtgovApiError as exc:
        raise CliError(f"CT.gov sync stopped (it resumes from its last page): {exc}") from None
    say(report.line())
    for rejected in report.rejected[:10]:
        say(f"  rejected {rejected}", sys.stderr)
    return 0


# --- NCI CTRP ---------------------------------------------------------------------------------


def ctrp_validate(files: list[Path]) -> int:
    """`FILE: valid`, or one `FILE: <path>: <reason>` line per error; 1 if any is invalid."""
    from orchestration.ctrp.validate import validate_file, verdict_lines

    invalid = 0
    for file in files:
        errors = validate_file(Path(settings.resolve_user_path(str(file))))
        invalid += bool(errors)
        for line in verdict_lines(file, errors):
            say(line)
    return 1 if invalid else 0


def ctrp_documents(quiet: bool = False) -> int:
    """Write the trial sheet's documents from the live warehouse; 1 if any is invalid. `quiet`
    (after a build): the summary and the invalid ones only."""
    from orchestration.ctrp.fields import TrialFieldsError
    from orchestration.ctrp.sheet import SheetError, read_sheet
    from orchestration.ctrp.write import write_documents

    trials = settings.get("CTW_CTRP_TRIALS")
    if not trials:
        raise CliError("CTW_CTRP_TRIALS is not set: name the trial sheet (YAML, see the README)")
    try:
        sheet = read_sheet(trials)
    except SheetError as exc:
        raise CliError(f"trial sheet:\n{exc}") from None
    directory = Path(settings.get("CTW_CTRP_DIR"))
    store = _warehouse_store()
    try:
        report = write_documents(
            sheet,
            store.query_with_columns,
            directory,
            on_document=lambda written: _say_document(written, quiet),
        )
    except TrialFieldsError as exc:
        raise CliError(f"{store.describe()}: {exc}") from None
    listed = " (`./warehouse ctrp documents` lists them)" if quiet else ""
    say(f"{report.line()} in {directory}{listed}")
    return 1 if report.counts()["invalid"] else 0


def _say_document(written, quiet: bool = False) -> None:
    if quiet and written.document.status != "invalid":
        return
    say(written.line())
    for problem in written.document.problems:
        say(f"  {problem}")


def ctrp_submit(nct_ids: list[str], dry_run: bool) -> int:
    """Send the ready documents to CTW_CTRP_BASE_URL (see orchestration/ctrp/submit.py)."""
    from orchestration.ctrp.client import CtrpClient, CtrpConnectionError
    from orchestration.ctrp.store import CtrpStore
    from orchestration.ctrp.submit import submit_documents

    base_url = settings.get("CTW_CTRP_BASE_URL")
    directory = Path(settings.get("CTW_CTRP_DIR"))
    client = None
    if not dry_run:
        username, password = settings.get("CTW_CTRP_USERNAME"), settings.get("CTW_CTRP_PASSWORD")
        if not username or not password:
            raise CliError("CTW_CTRP_USERNAME and CTW_CTRP_PASSWORD must be set to submit")
        client = CtrpClient(base_url, username, password)
    try:
        with CtrpStore(directory) as store:
            if not store.documents():
                raise CliError(f"{directory}: no CTRP documents: run `./warehouse ctrp documents`")
            report = submit_documents(store, client, base_url, nct_ids, dry_run, say)
    except CtrpConnectionError as exc:
        raise CliError(f"CTRP could not be reached: {exc}") from None
    finally:
        if client is not None:
            client.close()
    if not dry_run:
        say(f"{report.sent} sent, {report.confirmed} confirmed, {report.failed} failed")
    return 0 if report.ok else 1


# --- entry point ------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="warehouse",
        description=__doc__,
        epilog=settings.settings_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", metavar="command")
    b = sub.add_parser("build", help="build a new warehouse and publish it if every check passes")
    b.add_argument("--wait", action="store_true", help="wait for a running build to finish")
    b.add_argument("--report-json", type=Path, help="write phase timings and counts here")
    sub.add_parser("summary", help="summarize the live marts")
    r = sub.add_parser("rollback", help="make a kept build live again")
    r.add_argument("build_id", nargs="?", help="which kept build (default: the newest)")
    r.add_argument("--list", action="store_true", help="list the live and kept builds")
    q = sub.add_parser("sql", help="run a read-only query against the live warehouse")
    q.add_argument("query", nargs="?", help="the SQL (default: read from stdin)")
    ch = sub.add_parser(
        "changes", help="list the studies each build added, updated and removed (NCT ids)"
    )
    ch.add_argument("--since", metavar="DATE", help="only builds recorded on or after YYYY-MM-DD")
    c = sub.add_parser("ctgov-sync", help="bring the local CT.gov mirror up to date")
    c.add_argument("--full", action="store_true", help="fetch every study, not only changes")
    ctrp = sub.add_parser(
        "ctrp",
        help="NCI CTRP registration: validate, documents, submit",
        description="NCI CTRP Trial Registration: documents for the trials of the trial sheet "
        "(CTW_CTRP_TRIALS), written from the live warehouse, validated against CTRP's schemas "
        "and sent to CTW_CTRP_BASE_URL.",
    )
    ctrp_sub = ctrp.add_subparsers(dest="ctrp_command", metavar="subcommand", required=True)
    cv = ctrp_sub.add_parser(
        "validate", help="validate XML files against CTRP's schema (ws.xsd, po.xsd)"
    )
    cv.add_argument("files", nargs="+", type=Path, metavar="FILE", help="XML documents")
    ctrp_sub.add_parser(
        "documents",
        help="write one document per trial sheet entry into CTW_CTRP_DIR and record them",
    )
    cs = ctrp_sub.add_parser("submit", help="send the ready documents to CTRP")
    cs.add_argument("--nct", nargs="+", default=[], metavar="NCT_ID", help="only these trials")
    cs.add_argument("--dry-run", action="store_true", help="print method, URL and file; send none")
    d = sub.add_parser("dbt", help="run dbt against the live warehouse", add_help=False)
    d.add_argument("args", nargs=argparse.REMAINDER)
    return top


def run(argv: list[str]) -> int:
    top = parser()
    if not argv:
        top.print_help()
        return 0
    if argv[0] not in top._subparsers._group_actions[0].choices and not argv[0].startswith("-"):
        say(f"warehouse: unknown command {argv[0]!r}", sys.stderr)
        top.print_usage(sys.stderr)
        return 2
    if argv[0] == "dbt":
        return dbt(argv[1:])
    args = top.parse_args(argv)
    settings.validate()
    if args.command == "build":
        return build(wait=args.wait, report_json=args.report_json)
    if args.command == "summary":
        say(mart_summary(_warehouse_store()))
        return 0
    if args.command == "rollback":
        return rollback(args.build_id, args.list)
    if args.command == "sql":
        return sql(args.query)
    if args.command == "ctgov-sync":
        return ctgov_sync(args.full)
    if args.command == "changes":
        return changes(args.since)
    if args.command == "ctrp":
        if args.ctrp_command == "validate":
            return ctrp_validate(args.files)
        if args.ctrp_command == "documents":
            return ctrp_documents()
        return ctrp_submit(args.nct, args.dry_run)
    top.print_help()
    return 0


def main(argv: list[str] | None = None) -> int:
    # Ctrl-C stops a build cleanly even when the shell started us with SIGINT ignored (a
    # background job of a non-interactive shell): Python then installs no handler of its own.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except (CliError, SettingsError) as exc:
        say(f"warehouse: {exc}", sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (`./warehouse summary | head -3`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
