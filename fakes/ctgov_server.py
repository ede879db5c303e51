"""A real local HTTP server that behaves like ClinicalTrials.gov API v2, for the client, sync and
build tests and the CT.gov benchmark (bench/ctgov_extract.py).

It serves `/api/v2/version` and `/api/v2/studies` from study records, with opaque page tokens
bound to the query, `totalCount` on request, and the subset of the query language the warehouse
sends. Tests script faults (429, 5xx, dropped connections, slow replies), impose a rate limit,
and read back every request with its arrival time (`time.monotonic`, same clock as the client).
Parameters the real API has but this server does not implement get HTTP 400, never a silent
ignore.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import math
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from fakes.local_http import run_server

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ctgov"
STUDIES_DIR = FIXTURES / "studies"
LEGACY_DIR = FIXTURES / "legacy"
# The records served by default: complete and partial (NCT00465816, NCT03453554) ones, one version
# per study. Named, because other tests keep more files (pages, other versions) in STUDIES_DIR.
SERVED_STUDIES = (
    "NCT00184067 NCT00465816 NCT00763412 NCT00973089 NCT02299791 NCT03418623 NCT03453554 "
    "NCT03475563 NCT03630471 NCT04207047 NCT04523987 NCT05594173 NCT06171568".split()
)
API_PREFIX = "/api/v2"
DEFAULT_PAGE_SIZE = 10  # the real API's default
MAX_PAGE_SIZE = 1000  # larger values are coerced down, as the real API does
# Every /studies parameter of the official spec (ctg-oas-v2.yaml 2.0.3).
SPEC_PARAMS = frozenset(
    "format markupFormat query.cond query.term query.locn query.titles query.intr query.outc "
    "query.spons query.lead query.id query.patient filter.overallStatus filter.geo filter.ids "
    "filter.advanced filter.synonyms postFilter.overallStatus postFilter.geo postFilter.ids "
    "postFilter.advanced postFilter.synonyms aggFilters geoDecay fields sort countTotal pageSize "
    "pageToken".split()
)
IMPLEMENTED_PARAMS = frozenset(
    "format query.cond query.id filter.overallStatus filter.ids filter.advanced fields "
    "countTotal pageSize pageToken".split()
)
# Parameters that may change between pages of one query (spec: all others must stay the same).
PAGING_PARAMS = ("countTotal", "pageSize", "pageToken")
LIST_SEPARATORS = re.compile(r"[\s,|]+")
NCT_ID = re.compile(r"NCT\d{8}", re.IGNORECASE)
LAST_UPDATE_RANGE = re.compile(r"AREA\[LastUpdatePostDate\]RANGE\[(\d{4}-\d{2}-\d{2}),\s*MAX\]")


@dataclass(frozen=True)
class Reply:
    """A scripted answer: a status with body and headers, after `delay` seconds, or `drop` (close
    the connection without any response)."""

    status: int = 200
    body: bytes | str | dict = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False

    def encoded_body(self) -> tuple[bytes, str]:
        if isinstance(self.body, dict):
            return json.dumps(self.body).encode(), "application/json"
        if isinstance(self.body, str):
            return self.body.encode(), "text/plain; charset=utf-8"
        return self.body, "application/json"


DROP = Reply(drop=True)


@dataclass(frozen=True)
class RecordedRequest:
    """A request as received: `at` is `time.monotonic()` on arrival; `client_port` tells whether
    the client reused its connection."""

    path: str
    params: dict[str, str]
    at: float
    headers: dict[str, str] = field(default_factory=dict)
    client_port: int = 0


class BadRequest(Exception):
    """Answered with HTTP 400 and this message, as the real API does for invalid parameters."""


def load_studies(names: Iterable[str] = SERVED_STUDIES) -> list[dict]:
    """Real study records bundled with the tests, in the order given."""
    return [json.loads((STUDIES_DIR / f"{name}.json").read_text()) for name in names]


def load_legacy(name: str) -> dict:
    return json.loads((LEGACY_DIR / name).read_text())


def nct_id(study: dict) -> str | None:
    """The study's NCT id (None for a record that has none, such as a classic-API one)."""
    identification = (study.get("protocolSection") or {}).get("identificationModule") or {}
    return identification.get("nctId")


def last_update_post_date(study: dict) -> str | None:
    status = (study.get("protocolSection") or {}).get("statusModule") or {}
    return status.get("lastUpdatePostDateStruct", {}).get("date")


def synthetic_studies(template: dict, count: int, first_number: int = 90_000_001) -> list[dict]:
    """`count` clones of a real record with new NCT ids, for tests at scale."""
    studies = []
    for number in range(first_number, first_number + count):
        study = copy.deepcopy(template)
        study["protocolSection"]["identificationModule"]["nctId"] = f"NCT{number:08d}"
        studies.append(study)
    return studies


def as_reply(item: Reply | int | str) -> Reply:
    """A script entry as a Reply: a status code, "drop", or a Reply."""
    if isinstance(item, Reply):
        return item
    if item == "drop":
        return DROP
    if isinstance(item, int):
        return Reply(status=item, body=f"scripted HTTP {item}")
    raise ValueError(f"unknown scripted reply {item!r}")


class FakeCtgov:
    """The behaviour of the fake API, separate from the HTTP plumbing."""

    def __init__(
        self,
        studies: Iterable[dict],
        api_version: str = "2.0.3",
        data_timestamp: str = "2026-08-11T09:00:05",
    ):
        self.studies = list(studies)
        self.api_version = api_version
        self.data_timestamp = data_timestamp
        self.requests: list[RecordedRequest] = []
        self.rate_limit: tuple[int, float] | None = None
        self.base_url = ""
        self.server_errors: list[BaseException] = []
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()

    def then(self, *replies: Reply | int | str) -> None:
        """Answer the next requests with these replies, in order, before normal service."""
        with self._lock:
            self._script.extend(as_reply(item) for item in replies)

    def limit_rate(self, requests: int, window_seconds: float) -> None:
        """Answer 429 with Retry-After to a request beyond `requests` in any window."""
        self.rate_limit = (requests, window_seconds)

    def study_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == f"{API_PREFIX}/studies"]

    def handle(
        self, path: str, query: str, headers: dict[str, str] | None = None, client_port: int = 0
    ) -> Reply:
        now = time.monotonic()
        with self._lock:
            try:
                params = single_values(query)
            except BadRequest as exc:
                return Reply(400, str(exc))
            self.requests.append(RecordedRequest(path, params, now, headers or {}, client_port))
            if self._script:
                return self._script.popleft()
            limited = self._rate_limited(now)
        return limited or self._route(path, params)

    def _rate_limited(self, now: float) -> Reply | None:
        if self.rate_limit is None:
            return None
        limit, window = self.rate_limit
        recent = [r.at for r in self.requests if r.at > now - window]
        if len(recent) <= limit:
            return None
        wait = recent[0] + window - now
        return Reply(429, "Too Many Requests", {"Retry-After": str(max(1, math.ceil(wait)))})

    def _route(self, path: str, params: dict[str, str]) -> Reply:
        if path == f"{API_PREFIX}/version":
            return Reply(
                200, {"apiVersion": self.api_version, "dataTimestamp": self.data_timestamp}
            )
        if path != f"{API_PREFIX}/studies":
            return Reply(404, f"Not Found: {path}")
        try:
            return Reply(200, self._search(params))
        except BadRequest as exc:
            return Reply(400, str(exc))

    def _matching(self, params: dict[str, str]) -> list[dict]:
        """The studies a search matches, in order (the benchmark's fake memoizes this)."""
        return [s for s in self.studies if matches(s, params)]

    def _search(self, params: dict[str, str]) -> dict:
        check_params(params)
        matching = self._matching(params)
        offset = read_token(params["pageToken"], params) if "pageToken" in params else 0
        size = page_size(params.get("pageSize"))
        page = [project(s, params.get("fields")) for s in matching[offset : offset + size]]
        body: dict = {"studies": page}
        if params.get("countTotal") == "true" and "pageToken" not in params:
            body["totalCount"] = len(matching)
        if offset + size < len(matching):
            body["nextPageToken"] = make_token(offset + size, params)
        return body


def single_values(query: str) -> dict[str, str]:
    values = parse_qs(query, keep_blank_values=True)
    repeated = [key for key, items in values.items() if len(items) > 1]
    if repeated:
        raise BadRequest(f"parameter {repeated[0]} given more than once")
    return {key: items[0] for key, items in values.items()}


def check_params(params: dict[str, str]) -> None:
    for key in params:
        if key not in SPEC_PARAMS:
            raise BadRequest(f"Unknown parameter: {key}")
        if key not in IMPLEMENTED_PARAMS:
            raise BadRequest(f"parameter {key} is not implemented by the test server")
    if params.get("format", "json") != "json":
        raise BadRequest("only format=json is implemented by the test server")
    if params.get("fields") not in (None, "NCTId"):
        raise BadRequest("only fields=NCTId is implemented by the test server")


def split_list(value: str) -> list[str]:
    return [item for item in LIST_SEPARATORS.split(value.strip()) if item]


def only_nct_ids(value: str) -> bool:
    items = split_list(value)
    return bool(items) and all(NCT_ID.fullmatch(item) for item in items)


def matches(study: dict, params: dict[str, str]) -> bool:
    """Does the study match? Like the real API, filters are ignored when a query holds only ids."""
    if "query.id" in params:
        if not only_nct_ids(params["query.id"]):
            raise BadRequest("the test server implements query.id for NCT ids only")
        if nct_id(study) not in {i.upper() for i in split_list(params["query.id"])}:
            return False
    if "query.cond" in params and not matches_condition(study, params["query.cond"]):
        return False
    if any(key.startswith("query.") and only_nct_ids(value) for key, value in params.items()):
        return True
    return matches_filters(study, params)


def matches_condition(study: dict, text: str) -> bool:
    conditions = study["protocolSection"].get("conditionsModule", {})
    terms = conditions.get("conditions", []) + conditions.get("keywords", [])
    return any(text.lower() in term.lower() for term in terms)


def matches_filters(study: dict, params: dict[str, str]) -> bool:
    if "filter.ids" in params:
        if nct_id(study) not in {i.upper() for i in split_list(params["filter.ids"])}:
            return False
    if "filter.overallStatus" in params:
        status = study["protocolSection"].get("statusModule", {}).get("overallStatus")
        if status not in split_list(params["filter.overallStatus"]):
            return False
    if "filter.advanced" in params:
        since = max(last_update_lower_bounds(params["filter.advanced"]))
        updated = last_update_post_date(study)
        if updated is None or updated < since:
            return False
    return True


def last_update_lower_bounds(expression: str) -> list[str]:
    """The dates of `AREA[LastUpdatePostDate]RANGE[date,MAX]` clauses joined by AND."""
    dates = LAST_UPDATE_RANGE.findall(expression)
    rest = re.sub(r"[()\s]|\bAND\b", "", LAST_UPDATE_RANGE.sub("", expression))
    if not dates or rest:
        raise BadRequest(
            "the test server implements filter.advanced only as "
            "AREA[LastUpdatePostDate]RANGE[date,MAX] clauses joined by AND"
        )
    return dates


def project(study: dict, fields: str | None) -> dict:
    if fields is None:
        return study
    if nct_id(study) is None:
        return {}  # a record without the field (the registry leaves it out of the projection)
    return {"protocolSection": {"identificationModule": {"nctId": nct_id(study)}}}


def page_size(value: str | None) -> int:
    if value is None:
        return DEFAULT_PAGE_SIZE
    if not value.isdigit():
        raise BadRequest(f"pageSize must be a non-negative integer, got {value!r}")
    return min(int(value), MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE


def query_signature(params: dict[str, str]) -> str:
    """A page token is valid only for the query it came from."""
    fixed = sorted((k, v) for k, v in params.items() if k not in PAGING_PARAMS)
    return hashlib.sha256(json.dumps(fixed).encode()).hexdigest()[:16]


def make_token(offset: int, params: dict[str, str]) -> str:
    raw = json.dumps({"o": offset, "q": query_signature(params)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_token(token: str, params: dict[str, str]) -> int:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        offset, signature = int(decoded["o"]), decoded["q"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BadRequest(f"invalid pageToken {token!r}") from exc
    if signature != query_signature(params):
        raise BadRequest("pageToken does not belong to this query")
    return offset


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the client's connection pool is exercised
    timeout = 10  # an idle kept-alive connection does not hold a thread forever

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = self.server.fake.handle(url.path, url.query, headers, self.client_address[1])
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            self.close_connection = True
            return
        body, content_type = reply.encoded_body()
        self.send_response(reply.status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeCtgov):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake

    def handle_error(self, request, client_address) -> None:
        """Clients hanging up (after a timeout) are expected; anything else is a server bug
        that the test must see (it reaches the client only as a dropped connection)."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            self.fake.server_errors.append(error)


@contextmanager
def serve(fake: FakeCtgov) -> Iterator[str]:
    """Run the fake API on a free local port; yields its base URL (also set as fake.base_url)."""
    with run_server(_Server(fake), fake, API_PREFIX) as url:
        yield url
