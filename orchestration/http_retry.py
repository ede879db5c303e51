"""Retries of one HTTP request on failures that pass (HTTP 429 and 5xx, timeouts, refused or
dropped connections, a body cut short), with exponential backoff and Retry-After honoured: one
loop for every client (the CT.gov API, the vocabulary downloads), so they back off alike."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # imported where used: httpx adds 0.2 s to every start of a build
    import httpx


MAX_BACKOFF_SECONDS = 60.0
MAX_RETRY_AFTER_SECONDS = 600  # a longer Retry-After is an error now, not an hour asleep
T = TypeVar("T")

log = logging.getLogger(__name__)


class Transient(Exception):
    """An attempt failed in a way worth retrying; `failure` says how (for the last message)."""

    def __init__(self, failure: str, retry_after: float | None = None):
        super().__init__(failure)
        self.failure = failure
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; `sleep` and `jitter` are injectable for tests."""

    max_retries: int = 5
    backoff_base: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep)
    jitter: Callable[[], float] = field(default=random.random)


def backoff_seconds(retry: int, base: float, jitter: float) -> float:
    """Exponential backoff before the `retry`-th retry (1-based); `jitter` in [0, 1) adds up to
    50 % so that clients failing together do not retry together."""
    return min(base * 2 ** (retry - 1), MAX_BACKOFF_SECONDS) * (1 + jitter / 2)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date); None if absent
    or unreadable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def describe(exc: Exception) -> str:
    detail = str(exc).strip()
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def transient_status(response: httpx.Response) -> Transient | None:
    """A Transient for HTTP 429 and 5xx (with the server's Retry-After), else None."""
    status = response.status_code
    if status == 429 or status >= 500:
        retry_after = parse_retry_after(response.headers.get("Retry-After"), datetime.now(UTC))
        return Transient(f"HTTP {status}", retry_after)
    return None


def with_retries(
    attempt: Callable[[], T],
    url: str,
    policy: RetryPolicy,
    error: Callable[[str], Exception],
    waited: Callable[[float], None] | None = None,
) -> T:
    """`attempt()`'s result, calling it again after a Transient or an httpx transport error
    (never after an unsupported URL scheme: that does not pass). When every attempt failed,
    raises `error(message)` naming the URL, the attempts and the last failure. `waited` hears
    each backoff's seconds (for a client's statistics)."""
    import httpx

    last_failure, retry_after = "", None
    for retry in range(policy.max_retries + 1):
        if retry:
            delay = backoff_seconds(retry, policy.backoff_base, policy.jitter())
            if retry_after is not None:
                delay = max(delay, retry_after)
            log.warning("GET %s: %s; retry %d in %.1f s", url, last_failure, retry, delay)
            if waited is not None:
                waited(delay)
            policy.sleep(delay)
        try:
            return attempt()
        except httpx.UnsupportedProtocol:
            raise
        except httpx.TransportError as exc:  # timeouts, refused or dropped connections
            last_failure, retry_after = describe(exc), None
        except Transient as exc:
            last_failure, retry_after = exc.failure, exc.retry_after
            if retry_after is not None and retry_after > MAX_RETRY_AFTER_SECONDS:
                raise error(
                    f"GET {url}: {exc.failure}; the server asks to wait {retry_after:,.0f} s "
                    f"(Retry-After), longer than this client waits ({MAX_RETRY_AFTER_SECONDS} "
                    "s): try again later"
                ) from None
    raise error(f"GET {url} failed after {policy.max_retries + 1} attempts; last: {last_failure}")
