"""`./warehouse ctrp validate|documents|submit`: NCI CTRP registration documents for the trials of
the trial sheet (CTW_CTRP_TRIALS), written from the live warehouse, validated against CTRP's
schemas and sent to CTW_CTRP_BASE_URL."""

from __future__ import annotations

from pathlib import Path

from orchestration import settings
from orchestration.cli.common import CliError, say, warehouse_store


def ctrp_validate(files: list[Path]) -> int:
    """`FILE: valid`, or one `FILE: <path>: <reason>` line per schema error and one
    `FILE: <element>: <reason> (rule <key>)` line per broken rule of CTRP's that the schema
    cannot enforce (orchestration/ctrp/rules.py); 1 if any is invalid or breaks a rule."""
    from orchestration.ctrp.rules import check_bytes
    from orchestration.ctrp.validate import validate_file, verdict_lines

    invalid = 0
    for file in files:
        path = Path(settings.resolve_user_path(str(file)))
        errors = validate_file(path)
        broken = check_bytes(path.read_bytes()) if path.is_file() else []
        invalid += bool(errors or broken)
        for line in verdict_lines(file, errors) if errors or not broken else []:
            say(line)
        for problem in broken:
            say(f"{file}: {problem}")
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
    store = warehouse_store()
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
