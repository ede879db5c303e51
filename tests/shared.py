"""Builds that tests only read, made once per test run even when pytest-xdist spreads the tests
over several worker processes: a session fixture runs once per worker, so each worker used to
build the sample (and its PostgreSQL twin) again, half a minute or more each.

The controller process names a folder (`SHARED_ENV`) before the workers start; they inherit it.
`once(name, make)` runs `make(folder)` in the first worker to ask, under a file lock, and keeps
its JSON result beside the folder; the other workers wait on the lock and read that result. A
`make` that raises leaves no result, so the next worker to ask tries again (and fails the same
way, with its own message). PostgreSQL databases a `make` creates are listed with
`keep_database` and dropped by the controller when the run ends.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

SHARED_ENV = "WAREHOUSE_TESTS_SHARED"
_DATABASES = "databases.txt"


def start_run() -> None:
    """In the controller (or a run without workers): a new shared folder for this run."""
    if SHARED_ENV not in os.environ:
        os.environ[SHARED_ENV] = tempfile.mkdtemp(prefix="ctw-tests-shared-")


def end_run(drop_database: Callable[[str], None]) -> None:
    """In the controller: drop the databases the shared builds made, remove their folder."""
    root = os.environ.pop(SHARED_ENV, None)
    if root is None:
        return
    listed = Path(root) / _DATABASES
    if listed.exists():
        for name in listed.read_text().split():
            drop_database(name)
    shutil.rmtree(root, ignore_errors=True)


def once(name: str, make: Callable[[Path], dict]) -> tuple[Path, dict]:
    """`make(folder)`'s result, made once in this run: (the folder, the result)."""
    root = Path(os.environ[SHARED_ENV])
    folder, result = root / name, root / f"{name}.json"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a failed attempt's leftovers
            folder.mkdir()
            result.write_text(json.dumps(make(folder)))
        return folder, json.loads(result.read_text())


def database_name(worker: str) -> str:
    """A PostgreSQL database name of this run's `worker` (pytest-xdist's id, or "master"):
    the same for its tests, one after another, and unlike any other run's."""
    return f"ctw_test_{Path(os.environ[SHARED_ENV]).name.rsplit('-', 1)[-1].lower()}_{worker}"


def keep_database(name: str) -> None:
    """A database a shared build made: dropped when the run ends."""
    with open(Path(os.environ[SHARED_ENV]) / _DATABASES, "a") as listed:
        listed.write(name + "\n")
