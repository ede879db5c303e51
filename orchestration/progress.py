"""Progress of the long steps (CT.gov paging and id sweep, raw table loads, vocabulary parsing,
dbt's models and tests), told the same way wherever they run, because a step that prints
nothing for minutes looks hung.

Domain code counts in a `Step` it opens on the `Progress` it is given (`QUIET` by default,
which shows nothing); the caller decides where the counts go:

- a terminal (stderr is a TTY): rich progress bars on stderr;
- anything else (a pipe, a log file): one plain line per step every few seconds
  (CTW_PROGRESS_SECONDS), on stdout beside the command's other narrative, so stderr stays for
  warnings and failures;
- a listener (Dagster's event log): the same lines at the same pace.

Every line has the counts done out of the total (when known), the rate and the time left. A
step that ends before its first line is due prints nothing. No Dagster here.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, TextIO

BYTES = "bytes"
BYTE_UNITS = ("B", "kB", "MB", "GB", "TB", "PB")
RICH_REFRESH_SECONDS = 0.1  # the bars need no more; a step may advance once per row


def format_bytes(value: float) -> str:
    """`512 B`, `1.2 kB`, `45.1 MB`, `123 MB`, `2.1 GB` (decimal units, as disks are sold)."""
    value = float(value)
    for unit in BYTE_UNITS:
        if abs(value) < 1000 or unit == BYTE_UNITS[-1]:
            if unit == "B":
                return f"{value:.0f} B"
            return f"{value:.1f} {unit}" if abs(value) < 100 else f"{value:.0f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def format_count(value: float, unit: str) -> str:
    """A count in its unit's words: bytes scaled, anything else as a whole number."""
    return format_bytes(value) if unit == BYTES else f"{value:,.0f}"


def format_duration(seconds: float) -> str:
    """`4.2 s`, `42 s`, `3 min 05 s`, `2 h 03 min`."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def format_rate(per_second: float, unit: str) -> str:
    """Per second, or per minute or hour when slower (CT.gov allows 50 requests a minute)."""
    if unit == BYTES:
        return f"{format_bytes(per_second)}/s"
    if per_second >= 1:
        return f"{per_second:,.1f} {unit}/s" if per_second < 10 else f"{per_second:,.0f} {unit}/s"
    if per_second * 60 >= 1:
        return f"{per_second * 60:,.1f} {unit}/min"
    return f"{per_second * 3600:,.1f} {unit}/h"


def eta_seconds(done: float, total: float | None, per_second: float | None) -> float | None:
    """Seconds until `total` at the rate so far; None when either is unknown."""
    if total is None or not per_second or per_second <= 0:
        return None
    return max(total - done, 0) / per_second


@dataclass(frozen=True)
class Snapshot:
    """A step's counts at one moment."""

    label: str
    unit: str
    done: float
    total: float | None
    elapsed: float
    start: float = 0  # the count the rate starts from (a resumed sync's pages are not in it)
    detail: str = ""
    finished: bool = False
    counting: float | None = None  # seconds the rate is over (default: `elapsed`)
    remaining: float | None = None  # the step's own estimate of its time left, if it has one

    @property
    def rate(self) -> float | None:
        """Per second, over what this step did itself since it began counting."""
        seconds = self.elapsed if self.counting is None else self.counting
        if seconds <= 0 or self.done <= self.start:
            return None
        return (self.done - self.start) / seconds

    @property
    def eta(self) -> float | None:
        if self.remaining is not None:
            return self.remaining
        return eta_seconds(self.done, self.total, self.rate)

    def counts(self) -> str:
        """`120/206 nodes (58 %)`, `1.2 GB of 2.1 GB (57 %)`, `3,400 rows`."""
        done = format_count(self.done, self.unit)
        if self.total is None:
            return done if self.unit == BYTES else f"{done} {self.unit}"
        share = f" ({min(100 * self.done / self.total, 100):.0f} %)" if self.total else ""
        if self.unit == BYTES:
            return f"{done} of {format_bytes(self.total)}{share}"
        return f"{done}/{format_count(self.total, self.unit)} {self.unit}{share}"

    def status(self) -> str:
        """The line without its label."""
        if self.finished:
            parts = [f"{self._final_counts()} in {format_duration(self.elapsed)}"]
        else:
            parts = [self.counts()]
        rate = self.rate
        if rate is not None:
            parts.append(format_rate(rate, self.unit))
        eta = None if self.finished else self.eta
        if eta is not None:
            parts.append(f"ETA {format_duration(eta)}")
        text = ", ".join(parts)
        return f"{text}; {self.detail}" if self.detail else text

    def _final_counts(self) -> str:
        if self.total is not None and self.done != self.total:
            return self.counts()  # it ended short of its (estimated) total
        done = format_count(self.done, self.unit)
        return done if self.unit == BYTES else f"{done} {self.unit}"

    def line(self) -> str:
        """`dbt: 120/206 nodes (58 %), 18 nodes/s, ETA 4.7 s; 84 models, 36 tests`."""
        return f"{self.label}: {self.status()}"


class Sink(Protocol):
    """Where a step's counts go: bars, plain lines, a listener."""

    def started(self, step: Step) -> None: ...
    def changed(self, step: Step, now: float) -> None: ...
    def finished(self, step: Step, now: float, failed: bool) -> None: ...
    def note(self, text: str) -> None: ...


class Throttle:
    """Due at most once every `interval` seconds, counted from `start`."""

    def __init__(self, interval: float, start: float):
        self.interval = interval
        self.last = start

    def due(self, now: float) -> bool:
        if now - self.last < self.interval:
            return False
        self.last = now
        return True


class Step:
    """One counted step; use it as a context manager (or call `finish`). Thread-safe: dbt counts
    from its worker threads."""

    def __init__(
        self,
        progress: Progress,
        label: str,
        total: float | None,
        unit: str,
        done: float,
    ):
        self.progress = progress
        self.label = label
        self.unit = unit
        self.total = total
        self.done = done
        self.start = done
        self.detail = ""
        self.started_at = progress.clock()
        self.counting_since = self.started_at
        self.closed = False
        # the time left from the seconds counted so far, where the step knows better than its
        # rate (dbt's nodes, by the last build's node times); None: by the rate
        self.time_left: Callable[[float], float | None] | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> Step:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.finish(failed=exc_type is not None)

    def begin_counting(self) -> None:
        """The work itself starts now (dbt has parsed and starts its nodes): the rate and the
        time left are measured from here, not from the set-up."""
        with self._lock:
            self.counting_since = self.progress.clock()
            self.start = self.done

    def advance(self, amount: float = 1, detail: str | None = None) -> None:
        self.update(done=self.done + amount, detail=detail)

    def update(
        self, done: float | None = None, total: float | None = None, detail: str | None = None
    ) -> None:
        """Set what changed; the sinks decide whether it is time to show it."""
        with self._lock:
            if done is not None:
                self.done = done
            if total is not None:
                self.total = total
            if detail is not None:
                self.detail = detail
        if self.progress.sinks and not self.closed:
            now = self.progress.clock()
            for sink in self.progress.sinks:
                sink.changed(self, now)

    def snapshot(self, now: float | None = None) -> Snapshot:
        with self._lock:
            total = self.total
            if total is not None and self.done > total:
                total = self.done  # an estimate (a table's row count) fell short
            now = self.progress.clock() if now is None else now
            counting = now - self.counting_since
            return Snapshot(
                label=self.label,
                unit=self.unit,
                done=self.done,
                total=total,
                elapsed=now - self.started_at,
                start=self.start,
                detail=self.detail,
                finished=self.closed,
                counting=counting,
                remaining=self.time_left(counting) if self.time_left else None,
            )

    def finish(self, failed: bool = False) -> None:
        """Show the final counts (not when the step failed: its error says what happened)."""
        if self.closed:
            return
        self.closed = True
        now = self.progress.clock()
        for sink in self.progress.sinks:
            sink.finished(self, now, failed)


class Progress:
    """Where the steps of one command or run report; see the module docstring."""

    def __init__(self, sinks: Iterable[Sink] = (), clock: Callable[[], float] = time.monotonic):
        self.sinks = tuple(sinks)
        self.clock = clock

    def step(self, label: str, total: float | None = None, unit: str = "items", done: float = 0):
        step = Step(self, label, total, unit, done)
        for sink in self.sinks:
            sink.started(step)
        return step

    def note(self, text: str) -> None:
        """One line said once (a step skipped, and why)."""
        for sink in self.sinks:
            sink.note(text)


QUIET = Progress()


class LineSink:
    """One line per step every `interval` seconds, through `write` (a stream, a logger)."""

    def __init__(self, write: Callable[[str], None], interval: float):
        self.write = write
        self.interval = interval
        self._throttles: dict[int, Throttle] = {}
        self._shown: set[int] = set()
        self._lock = threading.Lock()

    def started(self, step: Step) -> None:
        with self._lock:
            self._throttles[id(step)] = Throttle(self.interval, step.started_at)

    def changed(self, step: Step, now: float) -> None:
        with self._lock:
            throttle = self._throttles.get(id(step))
            if throttle is None or not throttle.due(now):
                return
            self._shown.add(id(step))
            self.write(step.snapshot(now).line())

    def finished(self, step: Step, now: float, failed: bool) -> None:
        with self._lock:
            throttle = self._throttles.pop(id(step), None)
            shown = id(step) in self._shown
            self._shown.discard(id(step))
            if failed or throttle is None:
                return
            if shown or now - step.started_at >= self.interval:
                self.write(step.snapshot(now).line())

    def note(self, text: str) -> None:
        with self._lock:
            self.write(text)


class RichSink:
    """rich progress bars on a terminal, one per step, left on screen when the step ends."""

    def __init__(self, stream: TextIO, redirect_stdout: bool):
        from rich.console import Console

        self.console = Console(file=stream)
        self.redirect_stdout = redirect_stdout
        self._bars = None
        self._tasks: dict[int, tuple[int, Throttle]] = {}
        self._lock = threading.RLock()

    def _start_bars(self):
        from rich.progress import BarColumn, Progress, TextColumn

        self._bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[status]}"),
            console=self.console,
            redirect_stdout=self.redirect_stdout,
            redirect_stderr=True,
        )
        self._bars.start()

    def started(self, step: Step) -> None:
        with self._lock:
            if self._bars is None:
                self._start_bars()
            task = self._bars.add_task(
                step.label, total=step.total, completed=step.done, status=step.unit
            )
            self._tasks[id(step)] = (task, Throttle(RICH_REFRESH_SECONDS, step.started_at))

    def _show(self, step: Step, now: float) -> None:
        task, _ = self._tasks[id(step)]
        snapshot = step.snapshot(now)
        self._bars.update(
            task, completed=snapshot.done, total=snapshot.total, status=snapshot.status()
        )

    def changed(self, step: Step, now: float) -> None:
        with self._lock:
            entry = self._tasks.get(id(step))
            if entry is not None and entry[1].due(now):
                self._show(step, now)

    def finished(self, step: Step, now: float, failed: bool) -> None:
        with self._lock:
            if id(step) not in self._tasks:
                return
            if not failed:
                self._show(step, now)
            del self._tasks[id(step)]
            if not self._tasks:  # the bars stay on screen; the next step starts new ones
                self._bars.stop()
                self._bars = None

    def note(self, text: str) -> None:
        with self._lock:
            console = self._bars.console if self._bars is not None else self.console
            console.print(text, markup=False, highlight=False, soft_wrap=True)


def progress_interval() -> float:
    """CTW_PROGRESS_SECONDS: seconds between two lines of a step."""
    from orchestration import settings

    return settings.get_seconds("CTW_PROGRESS_SECONDS")


def console_progress(
    listener: Callable[[str], None] | None = None,
    interval: float | None = None,
    lines: bool = True,
    bar_stream: TextIO | None = None,
    line_stream: TextIO | None = None,
) -> Progress:
    """Bars when `bar_stream` (stderr) is a terminal, else plain lines on `line_stream`
    (stdout; none when `lines` is false), and `listener` every `interval` seconds."""
    bar_stream = bar_stream or sys.stderr
    line_stream = line_stream or sys.stdout
    interval = progress_interval() if interval is None else interval
    sinks: list = []
    if bar_stream.isatty():
        sinks.append(RichSink(bar_stream, redirect_stdout=line_stream.isatty()))
    elif lines:
        sinks.append(LineSink(lambda text: print(text, file=line_stream, flush=True), interval))
    if listener is not None:
        sinks.append(LineSink(listener, interval))
    return Progress(sinks)
