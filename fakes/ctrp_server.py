"""A real local HTTP server that answers like NCI CTRP's Trial Registration REST service, for
submission tests.

It checks HTTP Basic credentials (401 otherwise) and answers the service's own routes: a trial's
registration, update and amendment (`/trials/complete[/{pa|nci|ctep|dcp}/{id}]`,
`/trials/abbreviated/{nctId|pa|nci|ctep/{id}}`) with the real TrialRegistrationConfirmation of
the fixtures (HTTP 200, application/xml), and a participating site's addition and update
(`/trials/{pa|nci|ctep|dcp}/{id}/sites[/{po|ctep}/{orgId}]`) with the site's id (text/plain, as
the service does). Any other method or path is 404. Every request is recorded with method, path,
headers and body; tests script other answers (400, 404, 412, 500) for the next requests.
"""

from __future__ import annotations

import base64
import re
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
FIRST_SITE_ID = 50001  # the site ids the fake gives, in order
PREFIX = "/services"
TEXT = "text/plain"
_ID = r"[^/]+"
TRIAL_ROUTES = (
    ("POST", r"/trials/complete"),
    ("POST", rf"/trials/complete/(pa|nci|ctep|dcp)/{_ID}"),
    ("PUT", rf"/trials/complete/(pa|nci|ctep|dcp)/{_ID}"),
    ("POST", r"/trials/abbreviated/NCT\d+"),
    ("POST", rf"/trials/abbreviated/(pa|nci|ctep)/{_ID}"),
)
SITE_ADDITION = ("POST", rf"/trials/((?:pa|nci|ctep|dcp)/{_ID})/sites")
SITE_UPDATE = ("PUT", rf"/trials/((?:pa|nci|ctep|dcp)/{_ID})/sites/((?:po|ctep)/{_ID})")


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/xml"


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
        self.sites: dict[tuple[str, str], int] = {}  # (trial, po/<id>): the site id given

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
            route = path.removeprefix(PREFIX) if path.startswith(PREFIX) else ""
            return self._route(method, route, body)

    def _route(self, method: str, path: str, body: bytes) -> Reply:
        if any(method == m and re.fullmatch(route, path) for m, route in TRIAL_ROUTES):
            return Reply(200, CONFIRMATION)
        addition = re.fullmatch(SITE_ADDITION[1], path) if method == SITE_ADDITION[0] else None
        if addition:
            key = (addition.group(1), _organization(body))
            if key in self.sites:  # as the service does (its testDuplicatePS)
                return Reply(500, f"{key[1]} is a participating site already".encode(), TEXT)
            self.sites[key] = FIRST_SITE_ID + len(self.sites)
            return Reply(200, str(self.sites[key]).encode(), TEXT)
        update = re.fullmatch(SITE_UPDATE[1], path) if method == SITE_UPDATE[0] else None
        if update and (update.group(1), update.group(2)) in self.sites:
            return Reply(200, str(self.sites[update.group(1), update.group(2)]).encode(), TEXT)
        if update:
            message = f"Participating site with {update.group(2)} on trial {update.group(1)} "
            return Reply(404, (message + "is not found.").encode(), TEXT)
        return Reply(404, f"Not Found: {PREFIX}{path}".encode(), TEXT)


def _organization(body: bytes) -> str:
    """`po/<id>` or `ctep/<id>` of a ParticipatingSite's organisation ("" when it has none)."""
    found = re.search(
        rb"<\w+:organization>\s*<\w+:existingOrganization>\s*<\w+:(poID|ctepID)>([^<]+)<", body
    )
    if not found:
        return ""
    return f"{'po' if found.group(1) == b'poID' else 'ctep'}/{found.group(2).decode().strip()}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = self.server.fake.handle(self.command, self.path, headers, body)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
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
