"""Sends the ready documents of the CTRP store to CTRP and records each answer.

200: the TrialRegistrationConfirmation is validated and its paTrialID / nciTrialID stored (the
next documents of the trial update it by that NCI id). 412: already registered, not an error.
400 / 500: refused, with CTRP's message. 404: a person or organisation is not in PO, and the
PO/CTEP ids the document sent are named. 401: the credentials are wrong, so nothing else is
sent. A document whose very content CTRP already settled (same sha256) is not sent again."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.ctrp.client import CtrpClient, CtrpResponse
from orchestration.ctrp.documents import READY, document_parties
from orchestration.ctrp.store import CtrpStore, DocumentRow, Submission
from orchestration.ctrp.validate import NAMESPACE, validate_bytes

CONFIRMATION = "TrialRegistrationConfirmation"


@dataclass
class SubmitReport:
    lines: list[str] = field(default_factory=list)
    sent: int = 0
    confirmed: int = 0
    failed: int = 0
    stopped: bool = False  # 401: nothing else was sent

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stopped


def submit_documents(
    store: CtrpStore,
    client: CtrpClient | None,
    base_url: str,
    nct_ids: Iterable[str] = (),
    dry_run: bool = False,
    say: Callable[[str], None] = print,
) -> SubmitReport:
    """Send the ready documents (only those of `nct_ids` when given); `dry_run` prints method,
    URL and file of each instead, and needs no client."""
    report = SubmitReport()

    def tell(line: str, failed: bool = False) -> None:
        report.lines.append(line)
        report.failed += failed
        say(line)

    rows = store.documents()
    wanted = set(nct_ids)
    for nct_id in sorted(wanted - {row.nct_id for row in rows}):
        tell(f"{nct_id}: no document (not in the trial sheet, or `ctrp documents` not run)", True)
    for row in rows:
        if wanted and row.nct_id not in wanted:
            continue
        if row.status != READY:
            first = row.problems[0] if row.problems else ""
            tell(f"{row.nct_id}: {row.status}, not sent: {first}", failed=bool(wanted))
            continue
        url = base_url.rstrip("/") + row.url_path
        done = store.already_sent(row.nct_id, row.operation, row.sha256)
        if done is not None:
            nci = f" ({done.nci_trial_id})" if done.nci_trial_id else ""
            tell(f"{row.nct_id}: {row.operation} already sent, {done.outcome}{nci}; not sent again")
            continue
        body, problem = _body(row)
        if problem:
            tell(f"{row.nct_id}: {problem}", failed=True)
            continue
        if dry_run:
            tell(f"{row.method} {url} {row.path or '(no body)'}")
            continue
        if client is None:
            raise ValueError("a client is needed unless dry_run")
        response = client.send(row.method, row.url_path, body)
        report.sent += 1
        submission, line, failed = _answer(row, url, body, response)
        store.record(submission)
        report.confirmed += submission.outcome == "confirmed"
        tell(line, failed)
        if response.status == 401:
            report.stopped = True
            break
    return report


def _body(row: DocumentRow) -> tuple[bytes | None, str | None]:
    """The document's bytes as recorded (None for a request without a body), or why not."""
    if row.path is None:
        return None, None
    try:
        content = Path(row.path).read_bytes()
    except OSError as exc:
        return None, f"cannot read {row.path}: {exc.strerror or exc}"
    if hashlib.sha256(content).hexdigest() != row.sha256:
        return None, f"{row.path} changed since it was written: run `./warehouse ctrp documents`"
    return content, None


def _answer(
    row: DocumentRow, url: str, body: bytes | None, response: CtrpResponse
) -> tuple[Submission, str, bool]:
    """(what to record, the line to print, whether it is a failure) for CTRP's answer."""
    sent = f"{row.nct_id}: {row.operation}: {row.method} {url}"
    status = response.status

    def record(outcome: str, message: str | None = None, pa=None, nci=None) -> Submission:
        return Submission(
            nct_id=row.nct_id,
            operation=row.operation,
            method=row.method,
            url=url,
            path=row.path,
            sha256=row.sha256,
            http_status=status,
            outcome=outcome,
            pa_trial_id=pa,
            nci_trial_id=nci,
            message=message,
        )

    if status == 200:
        confirmation, problem = read_confirmation(response.body)
        if problem:
            message = f"HTTP 200 but not a valid {CONFIRMATION}: {problem}"
            return record("error", message), f"{sent}: {message}", True
        pa, nci = confirmation
        line = f"{sent}: confirmed, NCI id {nci} (PA trial id {pa})"
        return record("confirmed", None, pa, nci), line, False
    if status == 412:
        message = "already registered in CTRP (HTTP 412); give its NCI id as nci_id in the trial "
        message += "sheet to send updates"
        return record("already_registered", response.text()), f"{sent}: {message}", False
    if status == 401:
        message = (
            "CTRP refused the credentials (HTTP 401; CTW_CTRP_USERNAME / CTW_CTRP_PASSWORD): "
            "stopped, nothing else sent"
        )
        return record("unauthorized", response.text()), f"{sent}: {message}", True
    if status == 404:
        parties = ", ".join(document_parties(body)) if body else f"NCT id {row.nct_id}"
        message = f"a person or organisation is not in PO (HTTP 404); ids sent: {parties}"
        detail = response.text()
        return record("not_found", detail), f"{sent}: {message}" + _detail(detail), True
    if status == 400:
        detail = response.text()
        return record("rejected", detail), f"{sent}: refused (HTTP 400)" + _detail(detail), True
    detail = response.text()
    what = "CTRP server error" if status >= 500 else "unexpected answer"
    return record("error", detail), f"{sent}: {what} (HTTP {status})" + _detail(detail), True


def _detail(text: str) -> str:
    return f": {text}" if text else ""


def read_confirmation(content: bytes) -> tuple[tuple[int, str] | None, str | None]:
    """((paTrialID, nciTrialID), None) from a valid TrialRegistrationConfirmation, else
    (None, why)."""
    errors = validate_bytes(content)
    if errors:
        return None, "; ".join(str(e) for e in errors[:3])
    root = ET.fromstring(content)
    if root.tag != f"{{{NAMESPACE}}}{CONFIRMATION}":
        return None, f"the answer is a {root.tag.rsplit('}', 1)[-1]}"
    pa = root.findtext(f"{{{NAMESPACE}}}paTrialID").strip()
    nci = root.findtext(f"{{{NAMESPACE}}}nciTrialID").strip()
    return (int(pa), nci), None
