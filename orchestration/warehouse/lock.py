"""One build at a time per warehouse: a file lock beside a DuckDB warehouse, an advisory lock in
a PostgreSQL one. A second build waits, or stops at once naming the running build.

Locks are held per process (the CLI takes it before Dagster runs; a UI run's first step takes
it) and released when the build publishes, fails, or its process ends.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

# pg_advisory_lock key: "ctw" + 1
ADVISORY_KEY = 0x63747701
_HELD: dict[str, BuildLock] = {}


class BuildInProgress(RuntimeError):
    """Another build of the same warehouse is running."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class BuildLock:
    """Base: `acquire` is idempotent within a process; `release` lets the next build in."""

    name: str

    def acquire(self, wait: bool = False) -> None:
        if self.name in _HELD:
            return
        self._acquire(wait)
        _HELD[self.name] = self

    def release(self) -> None:
        if _HELD.pop(self.name, None) is not None:
            self._release()

    def held(self) -> bool:
        return self.name in _HELD

    def _acquire(self, wait: bool) -> None:
        raise NotImplementedError

    def _release(self) -> None:
        raise NotImplementedError


class FileBuildLock(BuildLock):
    """`flock` on a file that records who holds it (pid, start time)."""

    def __init__(self, path: Path):
        self.path = path
        self.name = f"file:{path}"
        self._handle = None

    def _acquire(self, wait: bool) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    handle.seek(0)
                    holder = _describe_holder(handle.read())
                    handle.close()
                    raise BuildInProgress(
                        f"a build of this warehouse is running ({holder}); "
                        "wait for it, or run `./warehouse build --wait`"
                    ) from None
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "started": _now()}))
        handle.flush()
        self._handle = handle

    def _release(self) -> None:
        if self._handle is not None:
            self._handle.truncate(0)
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def _describe_holder(text: str) -> str:
    try:
        holder = json.loads(text)
        return f"pid {holder['pid']}, started {holder['started']}"
    except (ValueError, KeyError, TypeError):
        return "holder unknown"


class AdvisoryBuildLock(BuildLock):
    """`pg_advisory_lock` on a connection kept open for the build; the connection's
    application_name says who holds it."""

    def __init__(self, conninfo: str, database: str):
        self.conninfo = conninfo
        self.name = f"postgres:{database}"
        self._conn = None

    def _acquire(self, wait: bool) -> None:
        label = f"ctwarehouse build pid {os.getpid()}, started {_now()}"
        conn = psycopg.connect(self.conninfo, autocommit=True, application_name=label)
        while not conn.execute("select pg_try_advisory_lock(%s)", (ADVISORY_KEY,)).fetchone()[0]:
            if not wait:
                holder = conn.execute(
                    "select a.application_name from pg_locks l join pg_stat_activity a "
                    "on a.pid = l.pid where l.locktype = 'advisory' and l.granted "
                    "and l.objid = %s and l.database = "
                    "(select oid from pg_database where datname = current_database())",
                    (ADVISORY_KEY & 0xFFFFFFFF,),
                ).fetchone()
                conn.close()
                who = holder[0].replace("ctwarehouse build ", "") if holder else "holder unknown"
                raise BuildInProgress(
                    f"a build of this warehouse is running ({who}); "
                    "wait for it, or run `./warehouse build --wait`"
                )
            time.sleep(0.5)
        self._conn = conn

    def _release(self) -> None:
        if self._conn is not None:
            self._conn.close()  # ends the session, which releases the advisory lock
            self._conn = None
