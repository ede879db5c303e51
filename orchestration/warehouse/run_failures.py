"""A record of each failed Dagster run: one JSON line appended to CTW_RUN_FAILURE_LOG, and the same
JSON POSTed to CTW_FAILURE_WEBHOOK_URL when it is set.

A scheduled build that fails at night leaves the live warehouse as it was, so nothing looks wrong
the next morning; this file (or the chat channel behind the webhook) is where someone sees it.
Plain Python: the Dagster sensor gathers the facts, this module shapes and delivers them.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ERROR_LINES = 5  # the first lines of an error: the message, not the whole traceback
WEBHOOK_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class FailedStep:
    step: str
    error: str
    asset_keys: tuple[str, ...] = ()


def first_lines(text: str | None, count: int = ERROR_LINES) -> str:
    lines = [line.rstrip() for line in (text or "").strip().splitlines() if line.strip()]
    more = len(lines) - count
    return "\n".join(lines[:count] + ([f"… ({more} more lines)"] if more > 0 else []))


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def failure_record(
    *,
    run_id: str,
    job: str,
    message: str | None,
    steps: list[FailedStep],
    started: float | None,
    ended: float | None,
    tags: dict[str, str],
) -> dict:
    """The record of one failed run; `error` is the first failed step's error (the cause), else
    the run's own failure message (e.g. a run that could not start)."""
    error = next((s.error for s in steps if s.error), None) or message or "unknown error"
    return {
        "run_id": run_id,
        "job": job,
        "status": "FAILURE",
        "error": first_lines(error),
        "run_message": first_lines(message),
        "failed_steps": [s.step for s in steps],
        "failed_assets": sorted({key for s in steps for key in s.asset_keys}),
        "step_errors": {s.step: first_lines(s.error) for s in steps},
        "started_at": _iso(started),
        "ended_at": _iso(ended),
        "tags": dict(sorted(tags.items())),
        "url": f"/runs/{run_id}",
    }


def append_record(path: Path, record: dict) -> None:
    """One line per run; appending never rewrites what earlier failures wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as file:
        file.write(json.dumps(record, ensure_ascii=False) + "\n")


def post_record(url: str, record: dict, timeout: float = WEBHOOK_TIMEOUT_SECONDS) -> str | None:
    """POST the record as JSON. Returns None when the server accepted it, else what went wrong
    (the caller logs it: a webhook that is down must not stop failures being recorded)."""
    try:
        request = urllib.request.Request(
            url,
            data=json.dumps(record, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json", "User-Agent": "ctwarehouse"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        return f"webhook {url} answered HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"webhook {url} not reached: {reason}"
    return None
