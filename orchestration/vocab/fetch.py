"""`vocab fetch`: NLM's MeSH descriptors, ChEMBL's drug indications and molecules, and EFO,
downloaded into CTW_VOCAB_DIR and recorded in its manifest (version, sha256, size per file).
The one definition of a fetch: the CLI and the Dagster assets both call `fetch_vocabulary`.

- MeSH: CTW_MESH_URL; `{year}` in it is tried as next year, this year, last year (NLM publishes
  next year's descriptors in November; a 404, a page that is not a descriptor file or a
  server that keeps failing moves on). Stored as `mesh/descYYYY.xml[.gz]`.
- ChEMBL: the release (`status.json`'s chembl_db_version) decides: the same release, fetched
  whole before, is not fetched again. Otherwise `drug_indication.json` and `molecule.json` are
  paged (`limit=1000`, following `page_meta.next`) into `chembl/<release>_<query digest>/`, each
  page written whole as it arrives: after an interruption the rerun reads the pages on disk
  and asks only for the rest. The build reads the pages once the manifest lists them.
- EFO: CTW_EFO_URL (`efo.obo` or `efo.owl`), its version read from the file's header.
- gilda: CTW_GILDA_MESH_MAPPINGS_URL, gilda's `mesh_mappings.tsv` (MeSH → ChEBI, DOID, EFO, …);
  the file states no version, so its version is its sha256's first 12 digits. Without a fetch
  the build reads the copy inside the installed gilda-slim package.

MeSH, EFO and gilda's mappings are single files: conditional requests (download.py) make an
unchanged one cost one request and no body. Each is checked before it replaces the file on disk
(file_checks.py: the layout its reader expects, whole); a file that fails is not stored. A file
a newer version replaced is deleted once the manifest no longer lists it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from orchestration.progress import QUIET, Progress, format_bytes, format_duration
from orchestration.vocab.download import (
    Downloader,
    NotFound,
    VocabFetchError,
    write_whole,
)
from orchestration.vocab.file_checks import vocabulary_file_problem
from orchestration.vocab.manifest import Entry, FileRecord, read_manifest, write_manifest

VOCABULARIES = ("mesh", "chembl", "efo", "gilda")
CHEMBL_PAGE_LIMIT = 1000  # the web services' largest page
CHEMBL_RESOURCES = (("drug_indication", "drug_indications"), ("molecule", "molecules"))
HEADER_BYTES = 1 << 16  # where EFO states its version
_MESH_YEAR = re.compile(r"desc(\d{4})")
_OBO_VERSION = re.compile(rb"^data-version:\s*(\S+)", re.M)
_OWL_VERSION = re.compile(
    rb"owl:versionInfo[^>]*>([^<]+)<|owl:versionIRI rdf:resource=\"([^\"]+)\""
)


@dataclass(frozen=True)
class FetchPlan:
    """Where each vocabulary comes from and goes (the `vocab` settings that concern fetching)."""

    vocab_dir: Path
    mesh_url: str
    chembl_url: str
    chembl_molecule_query: str
    efo_url: str
    gilda_url: str = ""


@dataclass(frozen=True)
class FetchResult:
    """One vocabulary's fetch: what the manifest now records, whether it changed, and what
    crossed the network."""

    entry: Entry
    changed: bool
    transferred: int
    requests: int
    seconds: float

    def line(self) -> str:
        """`mesh: desc2026.xml 28.1 MB, sha256 ab12cd34ef56…, unchanged since 2026-11-01 …`."""
        entry = self.entry
        if len(entry.files) == 1:
            what = f"{PurePosixPath(entry.files[0].name).name} {format_bytes(entry.bytes)}, "
            what += f"sha256 {entry.files[0].sha256[:12]}…"
        else:
            what = f"{len(entry.files)} pages {format_bytes(entry.bytes)}"
        state = (
            f"new, downloaded {format_bytes(self.transferred)}"
            if self.changed
            else f"unchanged since {entry.changed_at[:10]}, downloaded "
            f"{format_bytes(self.transferred)}"
        )
        timing = f"{self.requests} request(s) in {format_duration(self.seconds)}"
        return f"{entry.vocabulary}: {what} (version {entry.version}), {state}; {timing}"


def mesh_candidates(template: str, today: date) -> list[str]:
    """The URLs to try, newest first: `{year}` as next year, this year and last year."""
    if "{year}" not in template:
        return [template]
    return [
        template.replace("{year}", str(year)) for year in range(today.year + 1, today.year - 2, -1)
    ]


def mesh_file_name(url: str) -> str:
    """The name a MeSH download is stored under: the URL's, with a bare `.gz` made `.xml.gz`
    (NLM's `desc2026.gz`) so the reader knows the layout inside."""
    name = PurePosixPath(urlsplit(url).path).name or "mesh.xml"
    lower = name.lower()
    if lower.endswith(".gz") and not lower.removesuffix(".gz").endswith((".xml", ".tsv", ".txt")):
        return name[: -len(".gz")] + ".xml.gz"
    return name


def mesh_version(name: str) -> str:
    """`2026` for desc2026.xml; else the file's name."""
    found = _MESH_YEAR.search(name)
    return found.group(1) if found else name


def efo_version(path: Path) -> str:
    """EFO's release from the file's header: OBO `data-version:`, OWL `owl:versionInfo` or
    `owl:versionIRI`; `unknown` when it states none."""
    with open(path, "rb") as handle:
        head = handle.read(HEADER_BYTES)
    found = _OBO_VERSION.search(head)
    if found:
        return _release(found.group(1).decode("utf-8", "replace"))
    found = _OWL_VERSION.search(head)
    if found:
        return _release((found.group(1) or found.group(2)).decode("utf-8", "replace").strip())
    return "unknown"


def _release(value: str) -> str:
    """`v3.70.0` from EFO's release IRI (`…/efo/releases/v3.70.0/efo.obo`); else `value`."""
    found = re.search(r"/releases/([^/]+)/", value)
    return found.group(1) if found else value


def chembl_folder(version: str, base_url: str, molecule_query: str) -> str:
    """`chembl/<release>_<digest>`: pages of another release, server or filter never mix."""
    digest = hashlib.sha256(f"{base_url}\n{molecule_query}".encode()).hexdigest()[:8]
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", version)
    return f"chembl/{safe}_{digest}"


def chembl_first_page(base_url: str, resource: str, query: str) -> str:
    url = f"{base_url.rstrip('/')}/{resource}.json?limit={CHEMBL_PAGE_LIMIT}&offset=0"
    return f"{url}&{query.lstrip('?&')}" if query.strip() else url


def chembl_page(origin: str, data: bytes, key: str) -> dict:
    """A ChEMBL page's JSON, checked to hold its `key` list and `page_meta`."""
    try:
        payload = json.loads(data)
    except ValueError as exc:
        raise VocabFetchError(f"{origin}: not a ChEMBL page: not JSON ({exc})") from None
    if not (
        isinstance(payload, dict)
        and isinstance(payload.get(key), list)
        and isinstance(payload.get("page_meta"), dict)
    ):
        keys = ", ".join(sorted(payload)[:10]) if isinstance(payload, dict) else type(payload)
        raise VocabFetchError(
            f"{origin}: not a ChEMBL {key} page (expected '{key}' and 'page_meta'; found {keys})"
        )
    return payload


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _entry(vocabulary, version, source, files, previous, changed, extra=None) -> Entry:
    now = _now()
    changed_at = now if changed or previous is None else previous.changed_at
    return Entry(vocabulary, version, source, tuple(files), now, changed_at, extra or {})


def _check(vocabulary: str, name: str):
    """The check a downloaded file of `vocabulary`, stored as `name`, must pass."""
    return lambda received: vocabulary_file_problem(received, vocabulary, PurePosixPath(name).name)


def fetch_mesh(plan: FetchPlan, downloader: Downloader, previous: Entry | None, today: date):
    """(Entry, changed, bytes transferred) of NLM's newest descriptor file."""
    tried = []
    for url in mesh_candidates(plan.mesh_url, today):
        name = f"mesh/{mesh_file_name(url)}"
        if _older(mesh_version(name), previous):  # never back to a year before the one held
            break
        before = previous.file(name) if previous else None
        check = _check("mesh", name)
        try:
            fetched = downloader.download(url, plan.vocab_dir / name, name, before, "MeSH", check)
        except NotFound:
            tried.append(f"{url} (HTTP 404)")
            continue
        except VocabFetchError as exc:  # not a descriptor file (BadContent), or a server
            tried.append(str(exc).removeprefix("GET "))  # error after the retries: the year before
            continue
        entry = _entry("mesh", mesh_version(name), url, [fetched.record], previous, fetched.changed)
        return entry, fetched.changed or previous is None, fetched.transferred
    raise VocabFetchError(f"MeSH: no descriptor file at {' nor '.join(tried)}; set CTW_MESH_URL")


def _older(version: str, previous: Entry | None) -> bool:
    """Is MeSH `version` (a year) older than the one the manifest holds?"""
    held = previous.version if previous is not None else ""
    return version.isdigit() and held.isdigit() and int(version) < int(held)


def fetch_efo(plan: FetchPlan, downloader: Downloader, previous: Entry | None, today: date):
    name = f"efo/{PurePosixPath(urlsplit(plan.efo_url).path).name or 'efo.obo'}"
    before = previous.file(name) if previous else None
    fetched = downloader.download(
        plan.efo_url, plan.vocab_dir / name, name, before, "EFO", _check("efo", name)
    )
    version = efo_version(plan.vocab_dir / name)
    entry = _entry("efo", version, plan.efo_url, [fetched.record], previous, fetched.changed)
    return entry, fetched.changed or previous is None, fetched.transferred


def fetch_gilda(plan: FetchPlan, downloader: Downloader, previous: Entry | None, today: date):
    name = "gilda/mesh_mappings.tsv"
    before = previous.file(name) if previous else None
    fetched = downloader.download(
        plan.gilda_url, plan.vocab_dir / name, name, before, "gilda", _check("gilda", name)
    )
    version = fetched.record.sha256[:12]
    entry = _entry("gilda", version, plan.gilda_url, [fetched.record], previous, fetched.changed)
    return entry, fetched.changed or previous is None, fetched.transferred


def fetch_chembl_pages(
    downloader: Downloader,
    directory: Path,
    folder: str,
    first_url: str,
    resource: str,
    key: str,
    progress: Progress,
) -> tuple[list[FileRecord], int]:
    """Every page of one resource, the ones on disk read instead of fetched; (records, bytes
    transferred)."""
    records, transferred, url, index = [], 0, first_url, 0
    with progress.step(f"ChEMBL {resource}", unit="pages") as step:
        while url:
            name = f"{folder}/{resource}_{index:05d}.json"
            path = directory / name
            if path.is_file():
                data = path.read_bytes()
                payload = chembl_page(str(path), data, key)
            else:
                data = downloader.get_bytes(url)
                payload = chembl_page(f"GET {url}", data, key)
                write_whole(path, data)
                transferred += len(data)
            sha256 = hashlib.sha256(data).hexdigest()
            records.append(FileRecord(name, url, sha256, len(data)))
            meta = payload["page_meta"]
            total, limit = meta.get("total_count"), meta.get("limit") or CHEMBL_PAGE_LIMIT
            pages = math.ceil(total / limit) if isinstance(total, int) and total else None
            step.update(done=index + 1, total=pages, detail=f"{total or '?'} records")
            url = urljoin(url, meta["next"]) if meta.get("next") else None
            index += 1
    return records, transferred


def fetch_chembl(
    plan: FetchPlan, downloader: Downloader, previous: Entry | None, progress: Progress
):
    status_url = f"{plan.chembl_url.rstrip('/')}/status.json"
    try:
        status = json.loads(downloader.get_bytes(status_url) or b"{}")
    except ValueError as exc:
        raise VocabFetchError(f"GET {status_url}: not ChEMBL's status (not JSON: {exc})") from None
    version = status.get("chembl_db_version") if isinstance(status, dict) else None
    if not isinstance(version, str) or not version:
        raise VocabFetchError(f"GET {status_url}: no chembl_db_version in the reply")
    folder = chembl_folder(version, plan.chembl_url, plan.chembl_molecule_query)
    on_disk = previous is not None and all(
        (plan.vocab_dir / f.name).is_file() for f in previous.files
    )
    if on_disk and previous.version == version and previous.extra.get("folder") == folder:
        return (
            _entry(
                "chembl", version, plan.chembl_url, previous.files, previous, False, previous.extra
            ),
            False,
            0,
        )
    records, transferred = [], 0
    for resource, key in CHEMBL_RESOURCES:
        query = plan.chembl_molecule_query if resource == "molecule" else ""
        first = chembl_first_page(plan.chembl_url, resource, query)
        pages, received = fetch_chembl_pages(
            downloader, plan.vocab_dir, folder, first, resource, key, progress
        )
        records += pages
        transferred += received
    extra = {"folder": folder, "release_date": status.get("chembl_release_date")}
    return (
        _entry("chembl", version, plan.chembl_url, records, previous, True, extra),
        True,
        transferred,
    )


def _remove_replaced(directory: Path, before: Entry | None, after: Entry) -> None:
    """Delete the files (and emptied ChEMBL folders) the new entry no longer lists."""
    if before is None:
        return
    kept = {f.name for f in after.files}
    for record in before.files:
        if record.name not in kept:
            (directory / record.name).unlink(missing_ok=True)
    old, new = before.extra.get("folder"), after.extra.get("folder")
    if old and old != new:
        shutil.rmtree(directory / old, ignore_errors=True)


def fetch_vocabulary(
    plan: FetchPlan,
    vocabulary: str,
    downloader: Downloader,
    progress: Progress = QUIET,
    today: Callable[[], date] = date.today,
) -> FetchResult:
    """Fetch one vocabulary (mesh, chembl, efo or gilda) and record it in the manifest."""
    started, requests = downloader.clock(), downloader.requests
    previous = read_manifest(plan.vocab_dir).get(vocabulary)
    if vocabulary == "mesh":
        entry, changed, transferred = fetch_mesh(plan, downloader, previous, today())
    elif vocabulary == "efo":
        entry, changed, transferred = fetch_efo(plan, downloader, previous, today())
    elif vocabulary == "gilda":
        entry, changed, transferred = fetch_gilda(plan, downloader, previous, today())
    elif vocabulary == "chembl":
        entry, changed, transferred = fetch_chembl(plan, downloader, previous, progress)
    else:
        raise ValueError(f"unknown vocabulary {vocabulary!r}: choose {', '.join(VOCABULARIES)}")
    entries = read_manifest(plan.vocab_dir)
    entries[vocabulary] = entry
    write_manifest(plan.vocab_dir, entries)
    _remove_replaced(plan.vocab_dir, previous, entry)
    return FetchResult(
        entry, changed, transferred, downloader.requests - requests, downloader.clock() - started
    )


def fetch_vocabularies(
    plan: FetchPlan,
    vocabularies: Iterable[str] = VOCABULARIES,
    downloader: Downloader | None = None,
    progress: Progress = QUIET,
    today: Callable[[], date] = date.today,
) -> tuple[list[FetchResult], dict[str, str]]:
    """Fetch each vocabulary in turn; one that fails does not stop the others. (results,
    {vocabulary: error message})."""
    results, errors = [], {}
    own = downloader is None
    downloader = downloader or Downloader(progress=progress)
    try:
        for vocabulary in vocabularies:
            try:
                results.append(fetch_vocabulary(plan, vocabulary, downloader, progress, today))
            except VocabFetchError as exc:
                errors[vocabulary] = str(exc)
    finally:
        if own:
            downloader.close()
    return results, errors
