"""Memory of a running build: the summed RSS of a process tree, sampled from /proc every 50 ms
(the peak is what a machine must have), and of the PostgreSQL server's processes that work for
the build's database (the server is not in the build's tree, but its memory is the build's)."""

from __future__ import annotations

import os
import threading


def _children_map() -> dict[int, list[int]]:
    """{ppid: [pid, …]} from /proc/*/stat (the kernel may lack /proc/<pid>/task/*/children)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        # comm may contain spaces and parentheses: fields after the last ')' are positional
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _task_children(pid: int) -> list[int] | None:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found: list[int] = []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="utf-8") as f:
                found.extend(int(p) for p in f.read().split())
        except FileNotFoundError:
            return None  # no CONFIG_PROC_CHILDREN: scan /proc instead
        except OSError:
            continue
    return found


def process_tree(root: int) -> list[int]:
    """The root and all its descendants."""
    pids, stack = [], [root]
    via_tasks = _task_children(root) is not None
    table = None if via_tasks else _children_map()
    while stack:
        pid = stack.pop()
        pids.append(pid)
        kids = _task_children(pid) if via_tasks else table.get(pid, [])
        stack.extend(kids or [])
    return pids


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class RssSampler(threading.Thread):
    """Samples the summed RSS of a process tree every `interval` seconds; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.samples = 0
        self._stop_event = threading.Event()

    def pids(self) -> list[int]:
        return process_tree(self.pid)

    def run(self) -> None:
        while not self._stop_event.is_set():
            total = sum(rss_bytes(p) for p in self.pids())
            self.peak = max(self.peak, total)
            self.samples += 1
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _ppid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
            stat = f.read()
    except OSError:
        return None
    return int(stat[stat.rfind(")") + 2 :].split()[1])


def postgres_postmaster(conninfo: str) -> int | None:
    """The PID of the PostgreSQL server's postmaster, when the server runs on this machine: the
    parent of our own backend. None for a server elsewhere (its memory is not ours to read)."""
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        parent = _ppid(backend)  # while the backend lives: it exits when the connection closes
    if parent is None or not _cmdline(parent).split(" ")[0].endswith("postgres"):
        return None
    return parent


class PostgresServerSampler(RssSampler):
    """The summed RSS of the PostgreSQL server's processes that work for one database: the
    postmaster, its auxiliary processes (checkpointer, WAL writer, autovacuum launcher, …), the
    backends and autovacuum workers of `database` and their parallel workers. Backends of other
    databases (other users of a shared server) are left out. Each process's RSS counts the
    shared buffers it has touched, so the sum counts shared memory once per process: an upper
    bound of what the server holds."""

    def __init__(self, postmaster: int, database: str, interval: float = 0.05):
        super().__init__(postmaster, interval)
        self.database = database

    def pids(self) -> list[int]:
        titles = {pid: _process_title(pid) for pid in process_tree(self.pid)}
        ours = {self.pid}
        for pid, words in titles.items():
            if words[:2] == ["autovacuum", "worker"]:
                if words[2:3] == [self.database]:
                    ours.add(pid)
            elif words[:3] == ["parallel", "worker", "for"]:
                continue  # below, with its leader
            elif len(words) > 2 and ("(" in words[2] or words[2] == "[local]"):
                if words[1] == self.database:  # a backend: user database host(port) activity
                    ours.add(pid)
            elif words:
                ours.add(pid)  # an auxiliary process: checkpointer, background writer, …
        for pid, words in titles.items():
            if words[:4] == ["parallel", "worker", "for", "PID"] and words[4:5]:
                if words[4].isdigit() and int(words[4]) in ours:
                    ours.add(pid)
        return sorted(ours)


def _process_title(pid: int) -> list[str]:
    """The words of a PostgreSQL child's process title after "postgres: " and the cluster name
    (Debian's "15/main: "), e.g. ["postgres", "mydb", "127.0.0.1(5000)", "idle"]."""
    title = _cmdline(pid)
    if not title.startswith("postgres: "):
        return []
    words = title[len("postgres: ") :].split()
    if words and words[0].endswith(":"):
        words = words[1:]
    return words
