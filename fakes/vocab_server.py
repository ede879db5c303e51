"""A real local HTTP server standing in for NLM (MeSH), EMBL-EBI (ChEMBL's web services) and
EFO's releases, for the `vocab fetch` tests.

It serves files with an ETag and a Last-Modified and answers conditional requests with 304 (or
ignores them, when told to), pages ChEMBL records as the web services do (`limit` capped at the
server's page size, `offset`, `page_meta.next` a path relative to the server), and plays scripted
faults per path: an HTTP status, a body cut short after some bytes under the full
Content-Length, or a connection dropped before any response. Every request is logged with its
headers, status and the body bytes sent.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from fakes.local_http import run_server

CHEMBL_PREFIX = "/chembl/api/data"
CHEMBL_KEYS = {"drug_indication": "drug_indications", "molecule": "molecules"}


@dataclass(frozen=True)
class Fault:
    """One scripted failure: `status` (e.g. 503), `cut_after` bytes of the body sent under the
    full Content-Length before the connection closes, or `drop` (close without a response)."""

    status: int | None = None
    cut_after: int | None = None
    drop: bool = False


@dataclass(frozen=True)
class Served:
    body: bytes
    last_modified: str = formatdate(1_780_000_000, usegmt=True)  # 2026-05-28

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Request:
    path: str  # with the query
    headers: dict[str, str]
    status: int
    sent: int  # body bytes


@dataclass
class FakeVocabServer:
    """Files by path, ChEMBL records by resource, faults by path (a request's path without its
    query, or with it)."""

    files: dict[str, Served] = field(default_factory=dict)
    chembl: dict[str, list[dict]] = field(default_factory=dict)
    chembl_version: str = "ChEMBL_35"
    chembl_page_size: int = 3
    honour_conditionals: bool = True
    faults: dict[str, deque[Fault]] = field(default_factory=dict)
    file_versions: dict[str, int] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def serve_file(self, path: str, body: bytes) -> None:
        """Serve `body` at `path`; a replaced file is a day newer (Last-Modified)."""
        previous = self.files.get(path)
        days = 0 if previous is None else self.file_versions.get(path, 0) + 1
        self.file_versions[path] = days
        self.files[path] = Served(body, formatdate(1_780_000_000 + days * 86400, usegmt=True))

    def fail(self, path: str, *faults: Fault) -> None:
        self.faults.setdefault(path, deque()).extend(faults)

    def requests_to(self, path: str) -> list[Request]:
        return [r for r in self.requests if urlsplit(r.path).path == path]

    def next_fault(self, path: str, full: str) -> Fault | None:
        with self.lock:
            for key in (full, path):
                if self.faults.get(key):
                    return self.faults[key].popleft()
        return None

    def chembl_reply(self, resource: str, query: dict[str, str]) -> bytes:
        records = self.chembl[resource]
        limit = min(int(query.get("limit", 20)), self.chembl_page_size)
        offset = int(query.get("offset", 0))
        nxt = None
        if offset + limit < len(records):
            nxt_query = urlencode({**query, "limit": limit, "offset": offset + limit})
            nxt = f"{CHEMBL_PREFIX}/{resource}.json?{nxt_query}"
        page = {
            "page_meta": {
                "limit": limit,
                "next": nxt,
                "offset": offset,
                "previous": None,
                "total_count": len(records),
            },
            CHEMBL_KEYS[resource]: records[offset : offset + limit],
        }
        return json.dumps(page).encode()


def not_modified(headers: dict[str, str], served: Served) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since (compared as the
    server's own date string, which is what clients echo)."""
    if "If-None-Match" in headers:
        return headers["If-None-Match"] == served.etag
    return headers.get("If-Modified-Since") == served.last_modified


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeVocabServer

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        headers = dict(self.headers.items())
        fault = fake.next_fault(parts.path, self.path)
        if fault is not None and fault.drop:
            self._log(headers, 0, 0)
            self.close_connection = True
            return
        if fault is not None and fault.status:
            self._send(fault.status, b"fault", headers)
            return
        served = self._resolve(parts)
        if served is None:
            self._send(404, b"not found", headers)
            return
        if fake.honour_conditionals and not_modified(headers, served):
            self._send(304, b"", headers, served)
            return
        self._send(200, served.body, headers, served, cut_after=fault and fault.cut_after)

    def _resolve(self, parts) -> Served | None:
        fake = self.fake
        if parts.path in fake.files:
            return fake.files[parts.path]
        if parts.path == f"{CHEMBL_PREFIX}/status.json":
            status = {"chembl_db_version": fake.chembl_version, "status": "UP"}
            return Served(json.dumps(status).encode())
        for resource in fake.chembl:
            if parts.path == f"{CHEMBL_PREFIX}/{resource}.json":
                return Served(fake.chembl_reply(resource, dict(parse_qsl(parts.query))))
        return None

    def _send(self, status, body, headers, served=None, cut_after=None) -> None:
        sent = body if cut_after is None else body[:cut_after]
        # logged before the status line goes out (end_headers sends it): a client that retries
        # at once must not have its next request logged before this one
        self._log(headers, status, len(sent))
        self.send_response(status)
        if served is not None:
            self.send_header("ETag", served.etag)
            self.send_header("Last-Modified", served.last_modified)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(sent)
        self.wfile.flush()
        if cut_after is not None:
            self.close_connection = True

    def _log(self, headers, status, sent) -> None:
        with self.fake.lock:
            self.fake.requests.append(Request(self.path, headers, status, sent))


@contextmanager
def serve(fake: FakeVocabServer) -> Iterator[str]:
    """Serve `fake` on 127.0.0.1; yields its base URL (`http://127.0.0.1:<port>`)."""
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    with run_server(server, fake, "") as url:
        yield url
