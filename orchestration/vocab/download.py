"""Downloads of vocabulary files that never leave a half file where a good one was, and never
fetch again what has not changed.

- A file streams into a `.<name>.part` beside its target and is renamed over it only once it is
  whole: the bytes received equal the Content-Length (a connection dropped or closed early is a
  retry, and after the last one an error naming the URL; the old file stays).
- Unchanged is asked of the server: the ETag and Last-Modified recorded at the last download go
  out as If-None-Match / If-Modified-Since, and 304 means nothing is transferred. A server that
  ignores them (200 with the same bytes) costs a transfer, but the sha256 then shows the content
  unchanged and the file on disk (with its recorded date of change) is kept.
- Bodies are asked for unencoded (Accept-Encoding: identity), so the bytes counted are the
  bytes stored.
- A `check` of the received file (file_checks.py: an error page served with 200, an empty body,
  one cut off without a Content-Length) runs before the rename: a file that fails it is not
  stored (`BadContent`, not retried) and the old file stays.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.http_retry import RetryPolicy, Transient, transient_status, with_retries
from orchestration.progress import BYTES, QUIET, Progress
from orchestration.vocab.manifest import FileRecord

if TYPE_CHECKING:  # imported where used: httpx adds 0.2 s to every start of a build
    import httpx

USER_AGENT = "ctwarehouse/0.1 (vocab fetch)"
CHUNK_BYTES = 1 << 16
DEFAULT_POLICY = RetryPolicy()


class VocabFetchError(RuntimeError):
    """A vocabulary could not be fetched; the message names the URL (and the file)."""


class NotFound(VocabFetchError):
    """HTTP 404: the file is not (or not yet) there, e.g. next year's MeSH."""


class BadContent(VocabFetchError):
    """The server answered 200 with something that is not the whole vocabulary file."""


@dataclass(frozen=True)
class Fetched:
    """A download's outcome; `changed` is False when the server said 304 or sent the same
    bytes again."""

    record: FileRecord
    changed: bool
    transferred: int  # body bytes received (0 on a 304)
    seconds: float


def conditional_headers(previous: FileRecord | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators recorded last time."""
    if previous is None:
        return {}
    headers = {}
    if previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified
    return headers


def expected_length(response: httpx.Response) -> int | None:
    """The body's length when the server declares it for the bytes we store (not for an
    encoded body)."""
    value = response.headers.get("Content-Length")
    if value is None or response.headers.get("Content-Encoding", "identity") != "identity":
        return None
    return int(value) if value.strip().isdigit() else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_whole(target: Path, data: bytes) -> None:
    """`data` into `target` through a temp file renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.part")
    temp.write_bytes(data)
    os.replace(temp, target)


class Downloader:
    """One connection pool for a fetch; `requests` counts what it asked the servers."""

    def __init__(
        self,
        policy: RetryPolicy = DEFAULT_POLICY,
        timeout: float = 60,
        progress: Progress = QUIET,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.policy = policy
        self.progress = progress
        self.clock = clock
        self.requests = 0
        import httpx

        self._http = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
            timeout=timeout,
            follow_redirects=True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Downloader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get_bytes(self, url: str) -> bytes:
        """A small body whole (a ChEMBL page), with retries; a short body is retried too."""

        def attempt() -> bytes:
            self.requests += 1
            response = self._http.get(url)
            _raise_for_status(url, response)
            expected = expected_length(response)
            if expected is not None and len(response.content) != expected:
                raise Transient(f"body cut short: {len(response.content)} of {expected} bytes")
            return response.content

        return with_retries(attempt, url, self.policy, VocabFetchError)

    def download(
        self,
        url: str,
        target: Path,
        name: str,
        previous: FileRecord | None,
        label: str,
        check: Callable[[Path], str | None] | None = None,
    ) -> Fetched:
        """`url` into `target` (see the module docstring), recorded as `name` (its path in the
        vocabulary directory); `previous` is what the manifest recorded for it (its validators
        are sent only while the file is on disk). `check(received file)` says what is wrong
        with it, if anything: then BadContent, and nothing is replaced."""
        started = self.clock()
        on_disk = previous if previous is not None and target.is_file() else None
        headers = conditional_headers(on_disk)
        temp = target.with_name(f".{target.name}.part")
        target.parent.mkdir(parents=True, exist_ok=True)

        def attempt() -> FileRecord | None:
            self.requests += 1
            try:
                with self._http.stream("GET", url, headers=headers) as response:
                    if response.status_code == 304 and on_disk is not None:
                        return None
                    _raise_for_status(url, response)
                    return self._receive(response, temp, target, name, label, check)
            finally:
                temp.unlink(missing_ok=True)

        try:
            record = with_retries(attempt, url, self.policy, VocabFetchError)
        finally:
            temp.unlink(missing_ok=True)
        seconds = self.clock() - started
        if record is None:
            return Fetched(on_disk, changed=False, transferred=0, seconds=seconds)
        transferred = record.bytes
        changed = on_disk is None or record.sha256 != on_disk.sha256
        if not changed:  # the server ignored the validators: same bytes, same record
            record = on_disk
        return Fetched(record, changed, transferred=transferred, seconds=seconds)

    def _receive(
        self,
        response: httpx.Response,
        temp: Path,
        target: Path,
        name: str,
        label: str,
        check: Callable[[Path], str | None] | None,
    ) -> FileRecord:
        """Stream the body into `temp`, check its length, rename it over `target` when the
        content is new."""
        expected = expected_length(response)
        digest, size = hashlib.sha256(), 0
        with (
            self.progress.step(label, total=expected, unit=BYTES) as step,
            open(temp, "wb") as out,
        ):
            for chunk in response.iter_bytes(CHUNK_BYTES):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                step.update(done=size)
        if expected is not None and size != expected:
            raise Transient(f"body cut short: {size} of {expected} bytes")
        sha256 = digest.hexdigest()
        if not (target.is_file() and sha256_of(target) == sha256):
            problem = check(temp) if check is not None else None
            if problem:
                kept = "the file on disk is kept" if target.is_file() else "nothing stored"
                raise BadContent(f"GET {response.url}: {problem} ({size:,} bytes; {kept})")
            os.replace(temp, target)
        return FileRecord(
            name=name,
            url=str(response.url),
            sha256=sha256,
            bytes=size,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )


def _raise_for_status(url: str, response: httpx.Response) -> None:
    failure = transient_status(response)
    if failure is not None:
        raise failure
    if response.status_code == 404:
        raise NotFound(f"GET {url}: HTTP 404 (not found)")
    if not response.is_success:
        raise VocabFetchError(f"GET {url} failed: HTTP {response.status_code}")
