"""The dbt project as plain Python: which dbt runs it, the environment its profile reads, its
manifest (parsed once per fingerprint of its files and settings) and the partial parse that
each build starts from."""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from orchestration import settings
from orchestration.dbt.threads import AUTO_DBT_THREADS
from orchestration.settings import DBT_PROJECT_DIR

# What dbt's profiles.yml, dbt_project.yml and models read: the user's settings marked `dbt` in
# settings.py, resolved (so each default is written once), plus where the current build is
# written (the stores' dbt_env).
DBT_SETTINGS = settings.dbt_settings()
TARGET_DIR = DBT_PROJECT_DIR / "target"
# one parse per fingerprint of the project files and settings: processes with other settings
# (a UI and a CLI build, builds of other sources) never read each other's half-written manifest
MANIFESTS_DIR = TARGET_DIR / "manifests"
MANIFESTS_KEPT = 8
PARTIAL_PARSE = "partial_parse.msgpack"
PARTIAL_PARSES_KEPT = 16
# numbered folders through which dbt reaches a DuckDB build (profile_slot)
PROFILE_SLOTS_DIR = TARGET_DIR / "slots"
# dbt's unit tests check the models' SQL against fixed inputs, the same for any data: the test
# suite runs them (tests/test_dbt_runner.py), not every build
BUILD_EXCLUDES = ("--exclude-resource-type", "unit_test")


def dbt_executable() -> str:
    """The dbt installed beside this Python (the venv is not always on PATH)."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


# Read by libpq when dbt connects (the stores' dbt_env: the build id, lock timeout), not by
# dbt's parse: a new build id must not look like new settings to the parse caches below.
LIBPQ_VARIABLES = ("PGAPPNAME", "PGOPTIONS")


def dbt_env(store_env: dict[str, str]) -> dict[str, str]:
    """Every variable dbt's profile and sources read, for a store's build slot. CTW_SOURCES is
    given as the chosen registries, comma-separated in load order (the macros split it);
    CTW_CTRP_TRIALS as whether a trial sheet is named (its models' `enabled`), not its path,
    so sheets in other folders share a parse."""
    values = {name: settings.get(name) for name in DBT_SETTINGS}
    if values.get("CTW_CTRP_TRIALS"):
        values["CTW_CTRP_TRIALS"] = "named"
    # the profile's threads (`./warehouse dbt …`); a build passes its own (--threads), so that
    # `auto` choosing differently per build does not make dbt parse again
    values["CTW_DBT_THREADS"] = str(settings.dbt_threads() or AUTO_DBT_THREADS)
    return {**values, "CTW_SOURCES": ",".join(settings.sources()), **store_env}


def _parse_inputs(env: dict[str, str]) -> dict[str, str]:
    """What of `env` dbt's parse reads: everything but the libpq variables."""
    return {k: v for k, v in env.items() if k not in LIBPQ_VARIABLES}


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """`values` in os.environ for the duration (dbt reads its profile from there)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _parsed_settings(env: dict[str, str]) -> dict[str, str]:
    """The settings a parse depends on: where a DuckDB build is written changes nothing dbt
    parses but the catalog name (the file's stem), so a warehouse elsewhere (every test's own
    folder) does not cost a `dbt parse` of its own."""
    parsed = {k: v for k, v in _parse_inputs(env).items() if k != "CTW_DBT_TEMP_DIR"}
    if parsed.get("CTW_DBT_DUCKDB_PATH"):
        parsed["CTW_DBT_DUCKDB_PATH"] = Path(parsed["CTW_DBT_DUCKDB_PATH"]).stem
    return parsed


def _fingerprint(env: dict[str, str]) -> str:
    env = _parsed_settings(env)
    digest = hashlib.sha256()
    for path in sorted(DBT_PROJECT_DIR.rglob("*")):
        relative = path.relative_to(DBT_PROJECT_DIR)
        if path.is_file() and relative.parts[0] not in ("target", "logs"):
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    for key in sorted(env):
        digest.update(f"{key}={env[key]}\0".encode())
    return digest.hexdigest()


def prepare_manifest(env: dict[str, str]) -> Path:
    """The manifest of the project under these settings: `dbt parse` when no process has parsed
    this fingerprint yet, else nothing (parsing costs seconds on every start). Parsed into a
    folder of its own and renamed into place whole, so concurrent processes are safe."""
    fingerprint = _fingerprint(env)[:20]
    folder = MANIFESTS_DIR / fingerprint
    manifest = folder / "manifest.json"
    if manifest.exists():
        os.utime(folder)  # recently used: kept by _prune_manifests
        return manifest
    MANIFESTS_DIR.mkdir(parents=True, exist_ok=True)
    # one parse per fingerprint at a time: a second process (a test worker, the UI) waits for
    # the first's manifest instead of parsing the same again beside it
    with open(MANIFESTS_DIR / f".{fingerprint}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if manifest.exists():
            return manifest
        _parse_into(folder, fingerprint, env)
    _prune_manifests()
    return manifest


def _parse_into(folder: Path, fingerprint: str, env: dict[str, str]) -> None:
    """`dbt parse` into a folder of its own, renamed to `folder` whole. Parsed through a profile
    slot, as a build runs dbt, and kept as the partial parse of those settings: the next build
    under them starts from it instead of parsing the whole project a second time (~2 s)."""
    parsing = MANIFESTS_DIR / f".{fingerprint}.{os.getpid()}"
    shutil.rmtree(parsing, ignore_errors=True)
    with profile_slot(env) as slotted:
        seed_partial_parse(parsing, slotted)
        completed = subprocess.run(
            [
                dbt_executable(),
                "parse",
                "--quiet",
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(parsing),
                "--log-path",
                str(parsing),
            ],
            cwd=DBT_PROJECT_DIR,
            env={**os.environ, **slotted, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            shutil.rmtree(parsing, ignore_errors=True)
            raise RuntimeError(
                "dbt parse failed:\n" + (completed.stdout + completed.stderr).strip()[-3000:]
            )
        keep_partial_parse(parsing, slotted)
    try:
        parsing.rename(folder)
    except OSError:  # another process parsed the same fingerprint first: theirs is the same
        shutil.rmtree(parsing, ignore_errors=True)


def _prune_manifests() -> None:
    """Keep the most recently used few (settings come and go: tests, sources, targets)."""
    parsed = sorted(
        (p for p in MANIFESTS_DIR.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
    )
    for old in parsed[:-MANIFESTS_KEPT]:
        shutil.rmtree(old, ignore_errors=True)
        (MANIFESTS_DIR / f".{old.name}.lock").unlink(missing_ok=True)


def dbt_runs_dir(dagster_home: str | Path) -> Path:
    """dbt's artifacts and log of each build, beside the run history."""
    return Path(dagster_home) / "dbt"


def prune_dbt_runs(dagster_home: str | Path, keep: int = 5) -> None:
    """dbt writes a few MB per invocation: keep the last few builds' artifacts only."""
    runs = sorted(p for p in dbt_runs_dir(dagster_home).glob("*") if p.is_dir())
    for old in runs[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def _partial_parse_file(env: dict[str, str]) -> Path:
    """The project's last parse for these settings: dbt parses everything again when the
    profile differs (a warehouse elsewhere, another target), so each profile keeps its own and
    builds of other warehouses (the tests, a benchmark) never spoil a user's."""
    parsed = _parse_inputs(env)
    digest = hashlib.sha256()
    for key in sorted(parsed):
        digest.update(f"{key}={parsed[key]}\0".encode())
    return partial_parses_dir() / f"{digest.hexdigest()[:20]}.msgpack"


def partial_parses_dir() -> Path:
    """Where the builds' parses are kept, one per settings (read at call time: the tests point
    TARGET_DIR elsewhere)."""
    return TARGET_DIR / "partial_parses"


def seed_partial_parse(target_path: Path, env: dict[str, str]) -> None:
    """Start a build's own target folder from the last parse under the same settings, so dbt
    parses only what changed (as dagster-dbt does for its invocations)."""
    target_path.mkdir(parents=True, exist_ok=True)
    source = _partial_parse_file(env)
    if source.exists() and not (target_path / PARTIAL_PARSE).exists():
        shutil.copy(source, target_path / PARTIAL_PARSE)


def keep_partial_parse(target_path: Path, env: dict[str, str]) -> None:
    """Keep a finished build's parse for the next build under the same settings (a full parse
    costs seconds; dbt itself re-parses whatever the files changed). Replaced atomically:
    builds of the same warehouse may read it at the same time; the least recently written
    few beyond PARTIAL_PARSES_KEPT are removed."""
    source = target_path / PARTIAL_PARSE
    if not source.exists():
        return
    kept = _partial_parse_file(env)
    kept.parent.mkdir(parents=True, exist_ok=True)
    partial = kept.with_name(f"{kept.name}.{os.getpid()}.partial")
    shutil.copy(source, partial)
    os.replace(partial, kept)
    for old in sorted(kept.parent.glob("*.msgpack"), key=lambda f: f.stat().st_mtime)[
        :-PARTIAL_PARSES_KEPT
    ]:
        old.unlink(missing_ok=True)


@contextmanager
def profile_slot(env: dict[str, str]) -> Iterator[dict[str, str]]:
    """`env` with the DuckDB build's file and spill folder reached through a numbered slot
    (target/slots/<n>: symlinks to this build's folders), held with a lock while dbt runs.
    dbt parses the whole project again whenever a value of its profile changes, and the build's
    path is one: every warehouse in a folder of its own (each test's, a benchmark's) cost a full
    parse (seconds). Through a slot, builds anywhere share the slot's parse; the catalog name
    (the file's stem) stays the file's own. Other targets pass through."""
    path, spill = env.get("CTW_DBT_DUCKDB_PATH"), env.get("CTW_DBT_TEMP_DIR")
    if not path:
        yield env
        return
    PROFILE_SLOTS_DIR.mkdir(parents=True, exist_ok=True)
    for number in itertools.count():
        lock = open(PROFILE_SLOTS_DIR / f"{number}.lock", "w")  # noqa: SIM115 - held below
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            lock.close()
    try:
        slot = PROFILE_SLOTS_DIR / str(number)
        _point(slot, Path(path).parent)
        slotted = {**env, "CTW_DBT_DUCKDB_PATH": str(slot / Path(path).name)}
        if spill:
            spill_slot = slot.with_name(f"{number}-spill")
            Path(spill).mkdir(parents=True, exist_ok=True)
            _point(spill_slot, Path(spill))
            slotted["CTW_DBT_TEMP_DIR"] = str(spill_slot)
        yield slotted
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


def _point(link: Path, folder: Path) -> None:
    """Make `link` a symlink to `folder`, replacing whatever it pointed at in one rename."""
    fresh = link.with_name(f"{link.name}.{os.getpid()}.link")
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(folder.resolve(), target_is_directory=True)
    os.replace(fresh, link)
