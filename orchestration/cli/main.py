"""ctwarehouse command line (`./warehouse <command>`).

build      load the sources into a new build, run every dbt model and check there, then publish it
summary    what the live warehouse's marts hold
trial      one study of the live warehouse as a card (`./warehouse trial NCT03590054`)
sql        run a read-only SQL query against the live warehouse (`--format table|csv|json`)
export     every live mart as Parquet or CSV files, with a manifest (`export DIR`)
changes    the studies each build added, updated and removed (`--since YYYY-MM-DD`)
rollback   make a kept build live again (`--list` shows the builds)
dbt        dbt commands that read the live warehouse (e.g. `./warehouse dbt docs generate`)
ctgov-sync bring the local ClinicalTrials.gov mirror up to date
vocab      vocabularies: `vocab fetch` downloads the current MeSH, ChEMBL, EFO and gilda's mappings
ctrp       NCI CTRP registration: validate, write (documents) and submit CTRP documents
serve      Dagster as a service: webserver and daemon on PostgreSQL, one run at a time
ui         the Dagster UI (`dagster dev`) on http://127.0.0.1:3000, for this checkout
test       the test suite (pytest, one worker per core; arguments go to pytest)
"""

from __future__ import annotations

import argparse
import platform
import signal
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from orchestration import settings, settings_docs
from orchestration.cli import query
from orchestration.cli.build import build
from orchestration.cli.common import CliError, reader_gone, say
from orchestration.cli.ctgov import ctgov_sync
from orchestration.cli.ctrp import ctrp_documents, ctrp_submit, ctrp_validate
from orchestration.cli.dbt import dbt
from orchestration.cli.rollback import rollback
from orchestration.cli.row_formats import FORMATS as SQL_FORMATS
from orchestration.cli.vocab import vocab_fetch
from orchestration.settings import SettingsError


def version_line() -> str:
    """This project's version and the versions of what it runs on (for bug reports)."""
    parts = []
    for name in ("dagster", "dbt-core", "duckdb", "psycopg"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} missing")
    parts.append(f"Python {platform.python_version()}")
    return f"ctwarehouse {version('ctwarehouse')} ({', '.join(parts)})"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="warehouse",
        description=__doc__,
        epilog=settings_docs.settings_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=version_line())
    sub = top.add_subparsers(dest="command", metavar="command")
    b = sub.add_parser(
        "build",
        help="build a new warehouse and publish it if every check passes",
        description="Load every chosen source (CTW_SOURCES) and the vocabularies into a new "
        "build, run dbt's models and tests and the checks, and publish it as the live warehouse "
        "only if all pass; the previous build is kept for `rollback`. The run is recorded in "
        "the project's Dagster instance (./warehouse ui shows it).",
    )
    b.add_argument("--wait", action="store_true", help="wait for a running build to finish")
    b.add_argument("--report-json", type=Path, help="write phase timings and counts here")
    sub.add_parser(
        "summary",
        help="summarize the live marts",
        description="What the live marts hold: drug-disease pairs, mapped shares, outcome and "
        "results-by-drug rows, and the top pairs by trial count.",
    )
    t = sub.add_parser(
        "trial",
        help="print one study of the live warehouse as a card",
        description="Title, status, phase, dates, conditions with their MeSH descriptors, "
        "interventions by arm, primary outcomes and record source of one study.",
    )
    t.add_argument("nct_id", metavar="NCT_ID", help="e.g. NCT03590054")
    r = sub.add_parser("rollback", help="make a kept build live again")
    r.add_argument(
        "build_id",
        nargs="?",
        help="which kept build (default: the one live before the current one; --list shows them)",
    )
    r.add_argument("--list", action="store_true", help="list the live and kept builds")
    q = sub.add_parser("sql", help="run a read-only query against the live warehouse")
    q.add_argument("query", nargs="?", help="the SQL (default: read from stdin)")
    q.add_argument(
        "--format",
        choices=SQL_FORMATS,
        default="tsv",
        help="tsv: tab-separated, NULL as \\N (default); table: aligned columns; csv; json: a list "
        "of objects",
    )
    e = sub.add_parser(
        "export",
        help="write every live mart to DIR as Parquet or CSV, with manifest.json",
        description="Every mart of the live warehouse as one file each in DIR, and manifest.json "
        "with the build id, each source's data date, and each file's rows and sha256.",
    )
    e.add_argument(
        "directory",
        metavar="DIR",
        type=Path,
        help="a new or empty folder, or one holding a previous export (replaced once the new "
        "one is whole)",
    )
    e.add_argument(  # the formats are checked by orchestration.marts.export (which loads polars)
        "--format", default="parquet", metavar="{parquet,csv}", help="default: parquet"
    )
    ch = sub.add_parser(
        "changes",
        help="list the studies each build added, updated and removed (NCT ids)",
        description="The studies each published build added, updated and removed against the "
        "build live before it, newest build first.",
    )
    ch.add_argument("--since", metavar="DATE", help="only builds recorded on or after YYYY-MM-DD")
    c = sub.add_parser(
        "ctgov-sync",
        help="bring the local CT.gov mirror up to date",
        description="Fetch the studies of the selection (CTW_CTGOV_PARAMS) from the "
        "ClinicalTrials.gov API v2 (CTW_CTGOV_API_URL) into the local mirror (CTW_CTGOV_MIRROR): "
        "all of them the first time or with --full, then those updated since the last sync; an "
        "interrupted sync resumes. A build with CTW_SOURCES including ctgov reads the mirror.",
    )
    c.add_argument("--full", action="store_true", help="fetch every study, not only changes")
    v = sub.add_parser(
        "vocab",
        help="vocabularies: fetch the current MeSH, ChEMBL, EFO and gilda's MeSH mappings "
        "(vocab fetch --help)",
        description="The vocabularies a build reads beside the registries.",
    )
    v_sub = v.add_subparsers(dest="vocab_command", metavar="subcommand", required=True)
    vf = v_sub.add_parser(
        "fetch",
        help="download the current MeSH, ChEMBL, EFO and gilda's MeSH mappings into CTW_VOCAB_DIR",
        description="Download NLM's current MeSH descriptors (CTW_MESH_URL), ChEMBL's drug "
        "indications and molecules (CTW_CHEMBL_URL, paged, resumable), EFO (CTW_EFO_URL) and "
        "gilda's MeSH mappings (CTW_GILDA_MESH_MAPPINGS_URL) into CTW_VOCAB_DIR, recording "
        "each file's version, sha256 and size in its manifest.json. Unchanged files are not "
        "downloaded again (conditional requests; ChEMBL: the same release). A file is replaced "
        "only by a complete download that reads as the vocabulary (not an error page). Builds "
        "read the fetched files unless CTW_MESH_FILE / CTW_CHEMBL_FILES / CTW_EFO_FILE / "
        "CTW_GILDA_MESH_MAPPINGS_FILE are set.",
    )
    vf.add_argument(
        "--only",
        metavar="LIST",
        help="comma-separated subset of mesh,chembl,efo,gilda (default: all four)",
    )
    ctrp = sub.add_parser(
        "ctrp",
        help="NCI CTRP registration: validate, documents, submit",
        description="NCI CTRP Trial Registration: documents for the trials of the trial sheet "
        "(CTW_CTRP_TRIALS), written from the live warehouse, validated against CTRP's schemas "
        "and sent to CTW_CTRP_BASE_URL.",
    )
    ctrp_sub = ctrp.add_subparsers(dest="ctrp_command", metavar="subcommand", required=True)
    cv = ctrp_sub.add_parser(
        "validate",
        help="validate XML files against CTRP's schema (ws.xsd, po.xsd) and the rules of its "
        "annotations the schema cannot enforce",
    )
    cv.add_argument("files", nargs="+", type=Path, metavar="FILE", help="XML documents")
    ctrp_sub.add_parser(
        "documents",
        help="write one document per trial sheet entry into CTW_CTRP_DIR and record them",
    )
    cs = ctrp_sub.add_parser(
        "submit", help="send the ready documents to CTRP (a trial's sites once it is registered)"
    )
    cs.add_argument("--nct", nargs="+", default=[], metavar="NCT_ID", help="only these trials")
    cs.add_argument("--dry-run", action="store_true", help="print method, URL and file; send none")
    sub.add_parser(
        "serve",
        help="Dagster webserver + daemon on PostgreSQL storage, one run at a time (--help)",
        add_help=False,
    )
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
    if argv[0] == "serve":
        from orchestration.server.serve import main as serve

        return serve(argv[1:])
    args = top.parse_args(argv)
    settings.validate()
    if args.command == "build":
        return build(wait=args.wait, report_json=args.report_json)
    if args.command == "summary":
        return query.summary()
    if args.command == "trial":
        return query.trial(args.nct_id)
    if args.command == "rollback":
        return rollback(args.build_id, args.list)
    if args.command == "sql":
        return query.sql(args.query, args.format)
    if args.command == "export":
        return query.export(args.directory, args.format)
    if args.command == "ctgov-sync":
        return ctgov_sync(args.full)
    if args.command == "changes":
        return query.changes(args.since)
    if args.command == "vocab":
        return vocab_fetch(args.only)
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
    except KeyboardInterrupt:
        # Ctrl-C during a command that has no more to say about it (sql, export, summary):
        # one line, the shell's exit status for SIGINT
        say("warehouse: interrupted", sys.stderr)
        return 130
    except BrokenPipeError:
        reader_gone()  # `./warehouse summary | head -3`: stop quietly
        return 0
