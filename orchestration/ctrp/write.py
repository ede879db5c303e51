"""Writes the trial sheet's documents: one per entry, `<dir>/<NCT id>/<Root>.xml`, and one per
participating site, `<dir>/<NCT id>/sites/<po|ctep>-<id>.xml`, recorded in the CTRP store with
method, URL path, sha256, status and problems. Idempotent: the same sheet and warehouse give
byte-identical files; a document that is no longer the trial's (a registration once CTRP
confirmed it, a blocked one, a site or an entry gone from the sheet) is removed, so no stale
file is left to send."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from orchestration.ctrp.documents import STATUSES, TRIAL_ROOTS, Document, build_document
from orchestration.ctrp.fields import Query, read_trial_fields
from orchestration.ctrp.sheet import TrialSheet
from orchestration.ctrp.sites import build_site_document
from orchestration.ctrp.store import CtrpStore, DocumentRow

WAITING = "{trial}"  # in a site's URL until the trial's registration is confirmed


@dataclass(frozen=True)
class WrittenDocument:
    document: Document
    path: Path | None

    def line(self) -> str:
        d = self.document
        where = f" {self.path}" if self.path else " (no body)" if d.status == "ready" else ""
        waiting = " (once the trial's registration is confirmed)" if WAITING in d.url_path else ""
        return f"{d.line()}{where}{waiting}"


@dataclass(frozen=True)
class DocumentsReport:
    written: tuple[WrittenDocument, ...]

    def counts(self) -> dict[str, int]:
        counted = Counter(w.document.status for w in self.written)
        return {status: counted.get(status, 0) for status in STATUSES}

    def by_operation(self) -> dict[str, int]:
        return dict(sorted(Counter(w.document.operation for w in self.written).items()))

    def line(self) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in self.counts().items())
        return f"{len(self.written)} CTRP document(s): {counts}"


def write_documents(
    sheet: TrialSheet,
    query: Query,
    directory: Path,
    on_document: Callable[[WrittenDocument], None] | None = None,
) -> DocumentsReport:
    """Build, write and record the document of every entry of `sheet` from the warehouse that
    `query` reads."""
    fields = read_trial_fields(query, (e.nct_id for e in sheet.entries))
    with CtrpStore(directory) as store:
        confirmed, settled = store.confirmed_ids(), store.settled_sites()
        written = []
        for entry in sheet.entries:
            ids = confirmed.get(entry.nct_id)
            documents = [build_document(entry, fields.get(entry.nct_id), ids, sheet.center)]
            documents += [
                build_site_document(
                    entry, site, ids, settled.get((entry.nct_id, site.key)), sheet.center
                )
                for site in entry.sites
            ]
            _remove_sites(directory / entry.nct_id, {d.file_name() for d in documents[1:]})
            for document in documents:
                written.append(WrittenDocument(document, _write(directory, document)))
                if on_document:
                    on_document(written[-1])
        kept = {entry.nct_id for entry in sheet.entries}
        for folder in directory.glob("NCT*"):  # entries no longer in the sheet
            if folder.is_dir() and folder.name not in kept:
                _remove_documents(folder)
                _remove_sites(folder, set())
        store.replace_documents(
            [
                DocumentRow(
                    nct_id=w.document.nct_id,
                    mode=w.document.mode,
                    operation=w.document.operation,
                    method=w.document.method,
                    url_path=w.document.url_path,
                    path=str(w.path) if w.path else None,
                    sha256=w.document.sha256,
                    status=w.document.status,
                    problems=w.document.problems,
                    site=w.document.site,
                )
                for w in written
            ]
        )
    return DocumentsReport(tuple(written))


def _remove_documents(folder: Path, keep: str | None = None) -> None:
    """The trial documents this writer put in `folder`, but `keep` (other files are left
    alone)."""
    for root in TRIAL_ROOTS:
        if f"{root}.xml" != keep:
            (folder / f"{root}.xml").unlink(missing_ok=True)


def _remove_sites(folder: Path, keep: set[str | None]) -> None:
    """The site documents of sites no longer in the trial's sheet entry."""
    for path in folder.glob("sites/*.xml"):
        if f"sites/{path.name}" not in keep:
            path.unlink()


def _write(directory: Path, document: Document) -> Path | None:
    folder = directory / document.nct_id
    name = document.file_name() if document.content is not None else None
    if not document.site:
        _remove_documents(folder, keep=name)  # other operations' files, or this one's blocked
    elif name is None:  # a blocked site's file goes: nothing to send
        (folder / document.file_name()).unlink(missing_ok=True)
    if name is None:
        return None
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != document.content:
        temporary = path.with_suffix(".xml.tmp")
        temporary.write_bytes(document.content)
        temporary.replace(path)
    return path
