"""A real local HTTP server that answers like NCI CTRP's Trial Registration REST service, for
submission tests.

It checks HTTP Basic credentials (401 otherwise), answers POST/PUT under `/trials/` with the
real TrialRegistrationConfirmation of the fixtures (HTTP 200, application/xml), and records
every request with method, path, headers and body. Tests script other answers (400, 404, 412,
500) for the next requests.
"""

from __future__ import annotations

import base64
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from fakes.local_http import run_server

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ctrp"
CONFIRMATION = (
    FIXTURES / "responses" / "response_TrialRegistrationConfirmation_NCI-2018-03030.xml"
).read_bytes()
CONFIRMED_NCI_ID = "NCI-2018-03030"
CONFIRMED_PA_ID = 1618195
PREFIX = "/services"


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class FakeCtrp:
    def __init__(self, username: str = "registrar", password: str = "s3cret"):
        self.credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.requests: list[RecordedRequest] = []
        self.base_url = ""
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()

    def then(self, *replies: Reply) -> None:
        """Answer the next requests with these replies, in order, before normal service."""
        with self._lock:
            self._script.extend(replies)

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        with self._lock:
            self.requests.append(RecordedRequest(method, path, headers, body))
            if headers.get("authorization") != f"Basic {self.credentials}":
                return Reply(401, b"Unauthorized")
            if self._script:
                return self._script.popleft()
        if not path.startswith(f"{PREFIX}/trials/"):
            return Reply(404, f"Not Found: {path}".encode())
        return Reply(200, CONFIRMATION)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = self.server.fake.handle(self.command, self.path, headers, body)
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_POST = do_PUT = do_GET = _serve

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeCtrp):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


@contextmanager
def serve(fake: FakeCtrp) -> Iterator[str]:
    """Run the fake service on a free local port; yields its base URL (…/services)."""
    with run_server(_Server(fake), fake, PREFIX) as url:
        yield url
