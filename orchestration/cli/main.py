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
import os
import signal
import sys
from pathlib import Path

from orchestration import settings
from orchestration.cli import query
from orchestration.cli.build import build
from orchestration.cli.common import CliError, say
from orchestration.cli.ctgov import ctgov_sync
from orchestration.cli.ctrp import ctrp_documents, ctrp_submit, ctrp_validate
from orchestration.cli.dbt import dbt
from orchestration.cli.rollback import rollback
from orchestration.settings import SettingsError


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
        return query.summary()
    if args.command == "rollback":
        return rollback(args.build_id, args.list)
    if args.command == "sql":
        return query.sql(args.query)
    if args.command == "ctgov-sync":
        return ctgov_sync(args.full)
    if args.command == "changes":
        return query.changes(args.since)
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
