"""dbt's once-per-process costs, paid in a background thread while the raw tables load.

The first `dbt build` in a process spends ~0.6 s before its first node on work that later
invocations skip: compiling the deserializers of the manifest's classes (mashumaro, when the
partial parse is read) and building the JSON schemas that validate the project, profile and
credentials. None of it depends on the build's data or settings, and a raw load leaves the
Python thread idle (DuckDB and PostgreSQL do the work), so a build starts it beside the load
(`start`) and the dbt step waits for it (`wait`) before it calls dbt. Best effort: a warm-up
that fails leaves dbt to do the same work itself.
"""

from __future__ import annotations

import threading
from pathlib import Path

from orchestration.dbt.project import partial_parses_dir

# how long the dbt step waits for an unfinished warm-up (about a second of work; a machine so
# loaded that it takes longer lets dbt go on, importing beside it)
WAIT_SECONDS = 30.0

_lock = threading.Lock()
_thread: threading.Thread | None = None


def newest_partial_parse(folder: Path | None = None) -> Path | None:
    """The most recently kept partial parse (any settings: the classes it holds are the same)."""
    folder = folder or partial_parses_dir()
    kept = list(folder.glob("*.msgpack")) if folder.is_dir() else []
    return max(kept, key=lambda path: path.stat().st_mtime, default=None)


def warm(adapter_type: str, partial_parse: Path | None) -> int:
    """Do dbt's once-per-process work: import what `dbt build` runs, build the JSON schemas it
    validates with, and read a partial parse (which compiles the manifest's deserializers);
    returns how many nodes that parse held."""
    import dbt.task.build  # noqa: F401  (what dbtRunner imports on its first build)
    from dbt.contracts.project import (
        Configuration,
        PackageConfig,
        ProfileConfig,
        Project,
        ProjectFlags,
    )
    from dbt.contracts.selection import SelectorFile

    if adapter_type == "postgres":
        from dbt.adapters.postgres.connections import PostgresCredentials as Credentials
    else:
        from dbt.adapters.duckdb.credentials import DuckDBCredentials as Credentials
    for validated in (
        ProjectFlags,
        Project,
        ProfileConfig,
        PackageConfig,
        Configuration,
        SelectorFile,
        Credentials,
    ):
        validated.json_schema()
    if partial_parse is not None:
        from dbt.contracts.graph.manifest import Manifest

        return len(Manifest.from_msgpack(partial_parse.read_bytes()).nodes)
    return 0


def _warm_quietly(adapter_type: str) -> None:
    try:
        warm(adapter_type, newest_partial_parse())
    except Exception:  # noqa: BLE001 - best effort: dbt does the same work itself if this fails
        pass


def start(adapter_type: str) -> None:
    """Warm dbt in a daemon thread, once per process (later builds find it warm)."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(
                target=_warm_quietly, args=(adapter_type,), name="dbt-warmup", daemon=True
            )
            _thread.start()


def wait(timeout: float = WAIT_SECONDS) -> None:
    """Before dbt runs: let a started warm-up finish (it and dbt would do the same work)."""
    thread = _thread
    if thread is not None:
        thread.join(timeout)
