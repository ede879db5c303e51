"""ClinicalTrials.gov API v2 client: paging with resumable tokens, a client-side rate limit, and
retries, so a sync of hundreds of thousands of studies survives throttling and transient faults.

The public API allows about 50 requests per minute per client; going faster earns HTTP 429.
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from orchestration.http_retry import (  # noqa: F401  (parse_retry_after: part of this API)
    RetryPolicy,
    Transient,
    parse_retry_after,
    transient_status,
    with_retries,
)

if TYPE_CHECKING:  # imported where used: httpx adds 0.2 s to every start of a build
    import httpx

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
USER_AGENT = "ctwarehouse/0.1"
# The client sets these itself; a selection carrying them would break paging.
RESERVED_PARAMS = ("format", "pageSize", "pageToken", "countTotal", "fields")
# Root keys of the retired classic API (v1) responses: PascalCase, with APIVrs inside.
CLASSIC_API_ROOTS = ("FullStudiesResponse", "StudyFieldsResponse", "StudyStatistics")
BODY_EXCERPT_CHARS = 200


class CtgovApiError(RuntimeError):
    """The API refused a request, kept failing, or answered with something that is not API v2;
    `status` is the HTTP status of a refusal (4xx), else None."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Page:
    """One page of studies; `token` fetched it (None for the first page), `next_page_token`
    fetches the following one (None on the last page)."""

    studies: list[dict]
    next_page_token: str | None
    total_count: int | None
    number: int
    token: str | None


@dataclass
class ClientStats:
    """What the client did, to tell throttling from a slow API."""

    rate_limit: int
    window_seconds: float
    requests: int = 0
    retries: int = 0
    rate_limit_wait_seconds: float = 0.0
    retry_wait_seconds: float = 0.0
    first_request_at: float | None = None
    last_response_at: float | None = None

    @property
    def allowed_rate_per_minute(self) -> float:
        return self.rate_limit * 60.0 / self.window_seconds

    @property
    def achieved_rate_per_minute(self) -> float | None:
        """Requests per minute over the windows the run occupied (its span plus one window).

        Counting the last window keeps a short run's initial burst from reading as a rate above
        the limit; on long runs it converges to the plain mean.
        """
        if self.first_request_at is None or self.last_response_at is None:
            return None
        span = self.last_response_at - self.first_request_at + self.window_seconds
        return self.requests * 60.0 / span


class SlidingWindowLimiter:
    """At most `limit` requests in any `window_seconds`, without fixed delays.

    Times are taken when a request completes: the server counted it at or before that moment, so
    spacing from completion keeps every server-side window within the limit despite latency jitter.
    """

    def __init__(
        self,
        limit: int,
        window_seconds: float,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
    ):
        if limit < 1 or window_seconds <= 0:
            raise ValueError("rate limit needs limit >= 1 and window_seconds > 0")
        self.limit = limit
        self.window_seconds = window_seconds
        self._sleep = sleep
        self._clock = clock
        self._times: deque[float] = deque()

    def wait_for_slot(self) -> float:
        """Sleep until one more request fits in the window; returns the seconds slept."""
        now = self._clock()
        while self._times and self._times[0] <= now - self.window_seconds:
            self._times.popleft()
        if len(self._times) < self.limit:
            return 0.0
        delay = self._times.popleft() + self.window_seconds - now
        self._sleep(delay)
        return delay

    def record(self) -> None:
        self._times.append(self._clock())


def classic_api_root(payload: object) -> str | None:
    """The root key if `payload` is a response of the retired classic API, else None."""
    if not isinstance(payload, dict):
        return None
    for key, value in payload.items():
        if key in CLASSIC_API_ROOTS or (isinstance(value, dict) and "APIVrs" in value):
            return key
    return None


def page_problem(payload: object) -> str | None:
    """What is wrong with a response that should be an API v2 page of studies; None if nothing."""
    if isinstance(payload, dict) and isinstance(payload.get("studies"), list):
        token = payload.get("nextPageToken")
        if token is not None and not isinstance(token, str):
            return f"a nextPageToken that is not a string ({token!r})"
        return None
    legacy = classic_api_root(payload)
    if legacy:
        return f"a response that looks like the retired classic API ({legacy})"
    if isinstance(payload, dict) and "protocolSection" in payload:
        return "a single study record (GET /studies/{nctId}), not a page of studies"
    if isinstance(payload, dict):
        return f"a JSON object without a 'studies' list (keys: {', '.join(sorted(payload)[:10])})"
    return f"a JSON {type(payload).__name__} instead of an object with a 'studies' list"


def version_problem(payload: object) -> str | None:
    if isinstance(payload, dict) and "apiVersion" in payload:
        return None
    legacy = classic_api_root(payload)
    if legacy:
        return f"a response that looks like the retired classic API ({legacy})"
    return "no 'apiVersion' in the response"


class CtgovClient:
    """Talks to ClinicalTrials.gov API v2 over one connection pool; see `stats` for what it did."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        rate_per_minute: int = 50,
        page_size: int = 1000,
        timeout: float = 30,
        max_retries: int = 5,
        backoff_base: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        window_seconds: float = 60.0,
        jitter: Callable[[], float] = random.random,
    ):
        if not 1 <= page_size <= 1000:
            raise ValueError(f"page_size must be 1..1000 (the API's maximum), got {page_size}")
        self.base_url = base_url.rstrip("/")
        self.page_size = page_size
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.stats = ClientStats(rate_per_minute, window_seconds)
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self._limiter = SlidingWindowLimiter(rate_per_minute, window_seconds, sleep, clock)
        import httpx

        self._http = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=timeout,
            follow_redirects=True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CtgovClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def version(self) -> dict:
        """API version and data timestamp (`apiVersion`, `dataTimestamp`)."""
        return self._get_json("/version", {}, version_problem)

    def iter_pages(
        self,
        params: Mapping[str, str],
        page_token: str | None = None,
        fields: str | None = None,
        page_number: int = 1,
    ) -> Iterator[Page]:
        """Every page of the studies matching `params`, from `page_token` (resume) or the start.

        `page_number` numbers the first page yielded; pass the saved number when resuming.
        """
        reserved = sorted(set(params) & set(RESERVED_PARAMS))
        if reserved:
            raise ValueError(f"the client sets {', '.join(reserved)} itself; remove from params")
        fixed = {**params, "format": "json", "pageSize": str(self.page_size)}
        if fields:
            fixed["fields"] = fields
        token, number = page_token, page_number
        seen = {token} if token else set()  # a token seen again would page round forever
        while True:
            query = {**fixed, "pageToken": token} if token else {**fixed, "countTotal": "true"}
            payload = self._get_json("/studies", query, page_problem)
            next_token = payload.get("nextPageToken") or None
            if next_token is not None and next_token in seen:
                raise CtgovApiError(
                    f"the API returned page token {next_token!r} a second time (page {number} "
                    "leads back to an earlier page): the listing goes round in a loop"
                )
            if next_token is not None:
                seen.add(next_token)
            yield Page(
                studies=payload["studies"],
                next_page_token=next_token,
                total_count=payload.get("totalCount"),
                number=number,
                token=token,
            )
            if next_token is None:
                return
            token, number = next_token, number + 1

    def _get_json(
        self, path: str, params: Mapping[str, str], problem: Callable[[object], str | None]
    ) -> Any:
        """GET with retries on 429, 5xx, timeouts and dropped connections (http_retry)."""
        url = str(self._http.build_request("GET", self.base_url + path, params=params).url)

        def attempt() -> Any:
            response = self._send(self.base_url + path, params)
            failure = transient_status(response)
            if failure is not None:
                raise failure
            if not response.is_success:
                raise CtgovApiError(
                    f"GET {url} failed: HTTP {response.status_code}: {_excerpt(response.text)}",
                    status=response.status_code,
                )
            return _checked_json(url, response, problem)

        policy = RetryPolicy(self.max_retries, self.backoff_base, self._sleep, self._jitter)
        return with_retries(attempt, url, policy, CtgovApiError, waited=self._count_retry)

    def _send(self, url: str, params: Mapping[str, str]) -> httpx.Response:
        self.stats.rate_limit_wait_seconds += self._limiter.wait_for_slot()
        if self.stats.first_request_at is None:
            self.stats.first_request_at = self._clock()
        self.stats.requests += 1
        try:
            return self._http.get(url, params=params)
        finally:
            self._limiter.record()
            self.stats.last_response_at = self._clock()

    def _count_retry(self, delay: float) -> None:
        self.stats.retries += 1
        self.stats.retry_wait_seconds += delay


def _checked_json(url: str, response: httpx.Response, problem: Callable[[object], str | None]):
    try:
        payload = response.json()
    except ValueError as exc:
        content_type = response.headers.get("Content-Type", "?")
        if "json" in content_type.lower():
            # JSON announced, not JSON received: a body cut short by a connection closed
            # without a length (HTTP/1.0-style), or a server's glitch; a retry may get it whole
            size = len(response.content)
            declared = response.headers.get("Content-Length")
            what = (
                "invalid JSON"
                if declared is not None and declared.strip() == str(size)
                else "a JSON body cut short"
            )
            raise Transient(
                f"{what} ({size:,} bytes: {exc}; it starts {_excerpt(response.text)[:80]!r})"
            ) from None
        raise CtgovApiError(
            f"GET {url}: expected JSON, got {content_type}: {_excerpt(response.text)}"
        ) from None
    found = problem(payload)
    if found:
        raise CtgovApiError(f"GET {url}: not an API v2 response; found {found}")
    return payload


def _excerpt(text: str) -> str:
    return text[:BODY_EXCERPT_CHARS]
