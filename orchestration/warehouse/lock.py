"""One build at a time per warehouse: a file lock beside a DuckDB warehouse, an advisory lock in
a PostgreSQL one. A second build waits, or stops at once naming the running build.

Locks are held per process (the CLI takes it before Dagster runs; a UI run's first step takes
it) and released when the build publishes, fails, or its process ends. Once a build has its id,
`label` ties the held lock to it: the process's warehouse sessions are then named after it.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg

# pg_advisory_lock key: "ctw" + 1
ADVISORY_KEY = 0x63747701
_HELD: dict[str, BuildLock] = {}


class BuildInProgress(RuntimeError):
    """Another build of the same warehouse is running; `running` says which (pid, start)."""

    def __init__(self, holder: str):
        self.running = f"a build of this warehouse is running ({holder})"
        super().__init__(
            f"{self.running}; try again when it has finished (`./warehouse build --wait` waits "
            "for it)"
        )


class LockUnavailable(RuntimeError):
    """The warehouse cannot be reached to take its build lock (no such database, server down)."""


log = logging.getLogger("ctwarehouse.build")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class BuildLock:
    """Base: `acquire` is idempotent within a process; `release` lets the next build in."""

    name: str
    build_id: str | None = None

    def acquire(self, wait: bool = False) -> None:
        held = _HELD.get(self.name)
        if held is not None:
            if held._still_held():
                return
            _HELD.pop(self.name)  # lost with its session (a server restart): acquired anew
            held._release()
        self._acquire(wait)
        _HELD[self.name] = self

    def acquire_in_turn(self, note: Callable[[str], None] = log.warning) -> None:
        """Acquire, waiting for a build another process runs, saying so through `note` (a CLI
        build with --wait; a run the Dagster queue starts while a CLI build holds the lock)."""
        try:
            self.acquire()
        except BuildInProgress as exc:
            note(f"waiting: {exc.running}; this build starts when it has finished")
            self.acquire(wait=True)

    def release(self) -> None:
        held = _HELD.pop(self.name, None)
        if held is not None:
            held._release()  # the object that acquired it: another step's store may release

    def held(self) -> bool:
        return self.name in _HELD

    def label(self, build_id: str) -> None:
        """The build this process holds the lock for (its sessions carry the id)."""
        if self.name in _HELD:
            _HELD[self.name].build_id = build_id

    def held_build_id(self) -> str | None:
        """The build id the held lock of this warehouse is labelled with, if any."""
        held = _HELD.get(self.name)
        return held.build_id if held is not None else None

    def _acquire(self, wait: bool) -> None:
        raise NotImplementedError

    def _release(self) -> None:
        raise NotImplementedError

    def _still_held(self) -> bool:
        return True


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
                    raise BuildInProgress(holder) from None
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "started": _now()}))
        handle.flush()
        self._handle = handle

    def _release(self) -> None:
        self.build_id = None
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


_LABELLED = re.compile(r"ctwarehouse build (\d{8})_(\d{6})_\S+ lock pid (\d+)")


def _describe_session(name: str) -> str:
    """`pid …, started …` from the application_name of the lock's session."""
    labelled = _LABELLED.fullmatch(name)
    if labelled is None:
        return name.replace("ctwarehouse build ", "")
    day, second, pid = labelled.groups()
    started = f"{day[:4]}-{day[4:6]}-{day[6:]} {second[:2]}:{second[2:4]}:{second[4:]} UTC"
    return f"pid {pid}, started {started}, build {name.split()[2]}"


class AdvisoryBuildLock(BuildLock):
    """`pg_advisory_lock` on a connection kept open for the build; the connection's
    application_name says who holds it (`ctwarehouse build <build id> lock pid <pid>` once the
    build has its id)."""

    def __init__(self, conninfo: str, database: str):
        self.conninfo = conninfo
        self.database = database
        self.name = f"postgres:{database}"
        self._conn = None

    def connection(self) -> psycopg.Connection:
        """The held lock's own session (autocommit)."""
        return _HELD[self.name]._conn

    def label(self, build_id: str) -> None:
        if not self.held():
            return
        super().label(build_id)
        name = f"ctwarehouse build {build_id} lock pid {os.getpid()}"
        self.connection().execute("select set_config('application_name', %s, false)", (name,))

    def _acquire(self, wait: bool) -> None:
        label = f"ctwarehouse build pid {os.getpid()}, started {_now()}"
        try:
            conn = psycopg.connect(self.conninfo, autocommit=True, application_name=label)
        except psycopg.OperationalError as exc:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
            hint = (
                f"; create it (e.g. `createdb {self.database}`) or set CTW_PG_DATABASE"
                if "does not exist" in reason and "database" in reason
                else ""
            )
            raise LockUnavailable(
                f"PostgreSQL warehouse {self.database}: cannot connect: {reason}{hint}"
            ) from None
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
                who = _describe_session(holder[0]) if holder else "holder unknown"
                raise BuildInProgress(who)
            time.sleep(0.5)
        self._conn = conn

    def _release(self) -> None:
        self.build_id = None
        if self._conn is not None:
            self._conn.close()  # ends the session, which releases the advisory lock
            self._conn = None

    def _still_held(self) -> bool:
        """The advisory lock lives as long as its session: one the server ended (a restart,
        an administrator, the database dropped) holds nothing any more."""
        try:
            self._conn.execute("select 1")
            return True
        except psycopg.Error:
            return False
