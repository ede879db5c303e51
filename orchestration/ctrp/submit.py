"""Sends the ready documents of the CTRP store to CTRP and records each answer.

200: the TrialRegistrationConfirmation is validated and its paTrialID / nciTrialID stored (the
next documents of the trial update it by those ids); for a participating site, the site id CTRP
answers with (text). 412: already registered, not an error. 400 / 500: refused, with CTRP's
message. 404: a person or organisation is not in PO, and the PO/CTEP ids the document sent are
named. 401: the credentials are wrong, so nothing else is sent. A document whose very content
(sha256) is the last CTRP settled for the trial's operation or the site is not sent again. A
trial's sites are sent after its own document, once CTRP has confirmed its registration (in this
run or before)."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.ctrp.client import CtrpClient, CtrpResponse
from orchestration.ctrp.documents import READY, document_parties
from orchestration.ctrp.store import CtrpStore, DocumentRow, Submission
from orchestration.ctrp.trial_ids import Confirmed, TrialRef
from orchestration.ctrp.validate import NAMESPACE, validate_bytes

CONFIRMATION = "TrialRegistrationConfirmation"
WAITING = "{trial}"  # a site's URL before the trial's registration is confirmed


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
    confirmed = store.confirmed_ids()
    wanted = set(nct_ids)
    for nct_id in sorted(wanted - {row.nct_id for row in rows}):
        tell(f"{nct_id}: no document (not in the trial sheet, or `ctrp documents` not run)", True)
    for row in rows:
        if wanted and row.nct_id not in wanted:
            continue
        name = _name(row)
        if row.status != READY:
            first = row.problems[0] if row.problems else ""
            tell(f"{name}: {row.status}, not sent: {first}", failed=bool(wanted))
            continue
        done = store.already_sent(row.nct_id, row.operation, row.sha256, row.site)
        if done is not None:
            nci = f" ({done.nci_trial_id})" if done.nci_trial_id else ""
            site = f" (site id {done.site_id})" if done.site_id else ""
            tell(f"{name}: {row.operation} already sent, {done.outcome}{nci}{site}; not sent again")
            continue
        url_path = _url_path(row, confirmed.get(row.nct_id))
        url = base_url.rstrip("/") + url_path
        body, problem = _body(row)
        if problem:
            tell(f"{name}: {problem}", failed=True)
            continue
        if WAITING in url_path:
            after = "; sent once the trial's registration is confirmed"
            tell(f"{row.method} {url} {row.path}{after}" if dry_run else f"{name}: waiting{after}")
            continue
        if dry_run:
            tell(f"{row.method} {url} {row.path or '(no body)'}")
            continue
        if client is None:
            raise ValueError("a client is needed unless dry_run")
        response = client.send(row.method, url_path, body)
        report.sent += 1
        submission, line, failed = _answer(row, url, body, response)
        store.record(submission)
        if submission.outcome == "confirmed" and submission.nci_trial_id:
            confirmed[row.nct_id] = Confirmed(submission.pa_trial_id, submission.nci_trial_id)
        report.confirmed += submission.outcome == "confirmed"
        tell(line, failed)
        if response.status == 401:
            report.stopped = True
            break
    return report


def _name(row: DocumentRow) -> str:
    return f"{row.nct_id}: site {row.site}" if row.site else row.nct_id


def _url_path(row: DocumentRow, confirmed: Confirmed | None) -> str:
    """The row's URL path, a site's with the trial's id once CTRP has confirmed it."""
    if WAITING not in row.url_path or confirmed is None or not confirmed.nci_trial_id:
        return row.url_path
    return row.url_path.replace(WAITING, str(TrialRef("nci", confirmed.nci_trial_id)))


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
    sent = f"{_name(row)}: {row.operation}: {row.method} {url}"
    status = response.status

    def record(
        outcome: str, message: str | None = None, pa=None, nci=None, site_id=None
    ) -> Submission:
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
            site=row.site,
            site_id=site_id,
        )

    if status == 200 and row.site:
        site_id = response.body.decode("utf-8", errors="replace").strip()
        if not site_id.isdigit():
            message = f"HTTP 200 but not a site id: {response.text(200)!r}"
            return record("error", message), f"{sent}: {message}", True
        line = f"{sent}: confirmed, site id {site_id}"
        return record("confirmed", None, site_id=int(site_id)), line, False
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
        if row.site:
            message = "the site is on the trial in CTRP already (HTTP 412)"
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
