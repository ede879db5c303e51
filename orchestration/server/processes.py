"""The processes `./warehouse serve` starts, in one process group of their own so that they stop
together: SIGTERM to the group (Dagster's processes take it as Ctrl-C and shut down cleanly,
a running build's worker included: the build is discarded), then SIGKILL to whatever is still
there after a grace period. The group is not the caller's, so a terminal's Ctrl-C reaches serve
alone and serve stops the rest in one place.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STOP_GRACE_SECONDS = 30
PR_SET_PDEATHSIG = 1  # prctl(2)
KILL_WAIT_SECONDS = 10


class StopRequested(Exception):
    """SIGINT or SIGTERM arrived: serve stops its processes and exits."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM raise StopRequested in the main thread while inside. A handler (not an
    inherited SIG_IGN) also means the children start with both signals at their defaults, so
    Dagster's own handlers work in them."""

    def handler(signum, _frame):
        raise StopRequested(signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextmanager
def signals_ignored() -> Iterator[None]:
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _ppid, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError, ValueError):
            continue
        if int(group) == pgid and state != "Z":
            members.append(int(stat.parent.name))
    return members


def _die_with_parent() -> None:
    """In the child, before it runs: SIGTERM when the process that started it dies, however it
    dies (kill -9, the OOM killer), so no webserver, daemon or code server outlives `serve`
    unsupervised (Linux; elsewhere nothing)."""
    # SIGTERM as it comes by default, whatever the starting shell left (an ignored SIGTERM
    # survives exec, and the parent's death would then go unnoticed)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class ProcessGroup:
    """Named child processes sharing one new process group (the first one leads it)."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.cwd, self.env = cwd, env
        self.children: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, list[str]] = {}
        self.started_at: dict[str, float] = {}  # time.monotonic() of each child's last start
        self.pgid: int | None = None

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        process = subprocess.Popen(
            command,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            process_group=self.pgid or 0,
            preexec_fn=_die_with_parent,
        )
        self.pgid = self.pgid or process.pid
        self.children[name] = process
        self.commands[name] = command
        self.started_at[name] = time.monotonic()
        return process

    def restart(self, name: str) -> subprocess.Popen:
        """Start the child `name` again with its command (it has exited), in the same group."""
        return self.start(name, self.commands[name])

    def exited(self) -> tuple[str, int] | None:
        """The first child that has exited, with its exit code."""
        for name, process in self.children.items():
            if process.poll() is not None:
                return name, process.returncode
        return None

    def members(self) -> list[int]:
        for process in self.children.values():
            process.poll()  # reap: a zombie child is gone
        return _group_members(self.pgid) if self.pgid else []

    def stop(self, first: tuple[str, ...] = (), grace: float = STOP_GRACE_SECONDS) -> list[int]:
        """Stop the children named in `first` (SIGTERM, each alone), then the whole group, so
        that clients go before the server they call; returns the pids that had to be killed."""
        deadline = time.monotonic() + grace
        clients = [self.children[name] for name in first if name in self.children]
        for process in clients:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        while any(p.poll() is None for p in clients) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not self.members():
            return []
        self._signal(signal.SIGTERM)
        if self._wait_empty(deadline):
            return []
        killed = self.members()
        self._signal(signal.SIGKILL)
        self._wait_empty(time.monotonic() + KILL_WAIT_SECONDS)
        return killed

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self.pgid, sig)
        except ProcessLookupError:
            pass

    def _wait_empty(self, deadline: float) -> bool:
        while self.members():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True
