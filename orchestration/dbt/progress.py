"""dbt's models and tests done out of the selected total, as one progress step (`dbt: 120/206
nodes …`): a 560,000-study build spends minutes in dbt, and dbt's own output goes to the log.

`DbtProgress` is a dbtRunner callback (`dbtRunner(callbacks=[progress])`): dbt announces how
many nodes it selected in its `ConcurrencyLine` event and fires `NodeFinished` (with the run
result) once per node, skipped ones included. Code that sees dbt's nodes another way (the
Dagster assets, through dagster-dbt's events) calls `node_done` itself.
"""

from __future__ import annotations

import threading
from collections import Counter

from orchestration.dbt.node_times import TimeLeft, matches
from orchestration.progress import Progress, Step

FAILED = {"error", "fail", "runtime error"}
LABEL = "dbt"


class DbtProgress:
    """`expected`: the last build's node times (orchestration/dbt/node_times.py); the time left
    comes from them when they fit the run, else from the rate in nodes."""

    def __init__(
        self,
        progress: Progress,
        total: int | None = None,
        expected: dict[str, float] | None = None,
    ):
        self.step: Step = progress.step(LABEL, total=total, unit="nodes")
        self.kinds: Counter[str] = Counter()
        self.failed = 0
        self.expected = expected or {}
        self.time_left: TimeLeft | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> DbtProgress:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.step.finish(failed=exc_type is not None)

    def __call__(self, event) -> None:
        """A dbt event (an EventMsg); called from dbt's worker threads."""
        name = event.info.name
        if name == "ConcurrencyLine":  # parsed; the nodes start now
            if matches(self.expected, event.data.node_count):
                self.time_left = TimeLeft(self.expected)
                self.step.time_left = self.time_left
            self.step.begin_counting()
            self.step.update(total=event.data.node_count)
        elif name == "NodeFinished":
            info = event.data.node_info
            self.node_done(info.resource_type, event.data.run_result.status, info.unique_id)

    def node_done(self, resource_type: str, status: str = "success", unique_id: str = "") -> None:
        if self.time_left is not None and unique_id:
            self.time_left.node_done(unique_id)
        with self._lock:
            self.kinds[resource_type] += 1
            self.failed += str(status) in FAILED
            detail = self.detail()
        self.step.advance(1, detail)

    def detail(self) -> str:
        """`84 models, 36 tests, 1 failed`."""
        parts = [
            f"{count:,} {kind.replace('_', ' ')}{'s' if count != 1 else ''}"
            for kind, count in sorted(self.kinds.items())
        ]
        if self.failed:
            parts.append(f"{self.failed} failed")
        return ", ".join(parts)
