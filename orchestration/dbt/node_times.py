"""The time left of a dbt run, from the last build's own node times.

dbt's nodes differ by orders of magnitude (a view 0.02 s, the largest mart 36 s at 560,000
studies), so a rate in nodes per second promised "ETA 8.4 s" with two minutes to go. Each
successful build keeps how long each of its nodes took (beside the builds' dbt folders, one file
per target); the next build that runs about as many nodes counts its time left as the expected
seconds of the nodes not yet finished, times its pace so far (wall seconds per expected second
of the nodes finished). The pace absorbs a faster or slower machine, more data, and the threads.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

# the pace is read once the nodes finished are worth this share of the expected seconds
MIN_SHARE = 0.05
# a history is used when it names about as many nodes as the run selected (not a narrowed run)
MATCHING_COUNT = 0.1


def history_path(runs_dir: Path, target: str) -> Path:
    """`<dagster home>/dbt/node_seconds.duckdb.json`: one history per target."""
    return runs_dir / f"node_seconds.{target}.json"


def read_node_seconds(path: Path) -> dict[str, float]:
    """The kept node times (unique id → seconds); none when missing or unreadable."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {
        str(node): float(seconds)
        for node, seconds in kept.items()
        if isinstance(seconds, int | float) and seconds >= 0
    }


def keep_node_seconds(path: Path, seconds: dict[str, float]) -> None:
    """Add a finished run's node times to the history (a narrowed run updates its own nodes and
    keeps the others'); written whole, then renamed into place."""
    merged = {**read_node_seconds(path), **seconds}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(merged, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)


def matches(history: dict[str, float], node_count: int) -> bool:
    """Whether a history fits a run of `node_count` nodes (dbt says how many, not which)."""
    return bool(history) and abs(len(history) - node_count) <= MATCHING_COUNT * node_count


class TimeLeft:
    """Expected seconds not yet done × wall seconds per expected second done; called with the
    seconds the run has counted so far (Step.time_left)."""

    def __init__(self, expected: dict[str, float]):
        self.expected = expected
        self.total = sum(expected.values())
        self.done = 0.0
        self._finished: set[str] = set()
        self._lock = threading.Lock()

    def node_done(self, unique_id: str) -> None:
        with self._lock:
            if unique_id in self.expected and unique_id not in self._finished:
                self._finished.add(unique_id)
                self.done += self.expected[unique_id]

    def __call__(self, counted_seconds: float) -> float | None:
        with self._lock:
            done, total = self.done, self.total
        if total <= 0 or counted_seconds <= 0 or done < MIN_SHARE * total:
            return None
        return max(total - done, 0.0) * counted_seconds / done
