"""Times `./warehouse build` on generated files: for each N, a build from scratch in its own
DAGSTER_HOME (and PostgreSQL database), its wall time split into start-up and build, the CPU
seconds and peak RSS of its process tree, the PostgreSQL server's memory, the build's own report
(phases, row counts, dbt model times) and, on DuckDB, the floor under its raw load.

Start-up is the time from spawning `./warehouse build` to the first line it prints: the
wrapper's `uv sync`, Python's start and the CLI's imports and settings, up to the build's
header line ("Building the warehouse …"). The rest of the wall time is the build.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.floor import Floor, measure_floor
from bench.sampling import PostgresServerSampler, RssSampler, postgres_postmaster
from bench.scalegen import generate, print_generation

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_ROOT = REPO_ROOT / "bench" / "data"
DEFAULT_OUT_ROOT = REPO_ROOT / "bench" / "out"


@dataclass
class Timed:
    """One process run: exit status, wall seconds, seconds to its first line of output (None
    when it printed nothing), peak RSS of its tree, and CPU seconds of the tree."""

    returncode: int
    wall: float
    startup: float | None
    peak_rss: int
    cpu: float
    stdout_path: Path
    stderr_path: Path


# what the code location does at start-up (ensure_manifest): parse unless this fingerprint is cached
PARSE_FIRST = (
    "from orchestration.dbt.project import MANIFESTS_DIR\n"
    "before = set(MANIFESTS_DIR.glob('*')) if MANIFESTS_DIR.exists() else set()\n"
    "from orchestration.defs.dbt.assets import ensure_manifest\n"
    "manifest = ensure_manifest()\n"
    "print('cached' if manifest.parent in before else 'parsed now')\n"
)


@dataclass
class RunResult:
    studies: int
    input_bytes: int
    target: str
    wall: float
    peak_rss: int
    returncode: int
    phases: dict[str, float] | None
    row_counts: dict[str, int] | None
    model_seconds: dict[str, float] | None  # dbt model: its own execution time
    stderr_tail: list[str]
    log_dir: Path
    floor: Floor | None = None  # DuckDB: a plain read_csv of the same files, after the build
    cpu: float | None = None  # user + system seconds of the build's process tree
    server_peak_rss: int | None = None  # PostgreSQL's own processes (PostgresServerSampler)
    startup: float | None = None  # spawn → the build's first line of output
    test_seconds: dict[str, float] | None = None  # dbt test (its check's name): its own time

    @property
    def build_seconds(self) -> float | None:
        """The wall time after start-up."""
        return None if self.startup is None else self.wall - self.startup


# --- one process, timed ---------------------------------------------------------------------


class _FirstLine(threading.Thread):
    """Copies a child's stdout to a file line by line, noting when the first line came."""

    def __init__(self, stream, path: Path):
        super().__init__(daemon=True)
        self.stream, self.path = stream, path
        self.first_at: float | None = None

    def run(self) -> None:
        with self.path.open("wb") as out:
            for line in iter(self.stream.readline, b""):
                if self.first_at is None:
                    self.first_at = time.monotonic()
                out.write(line)
                out.flush()


def _children_cpu() -> float:
    """User + system CPU seconds of this process's finished children (and theirs): beside the
    wall time, the build's own work, which other load on a shared machine inflates far less."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(
    args: list[str],
    env: dict,
    log_dir: Path,
    server: RssSampler | None = None,
    cwd: Path = REPO_ROOT,
) -> Timed:
    """Run `args` in its own session, stdout to log_dir/build.stdout and stderr to
    log_dir/build.stderr; `server`, if given, samples the database server over the same span.
    Interrupted, it stops the whole process group and nothing else."""
    stdout_path, stderr_path = log_dir / "build.stdout", log_dir / "build.stderr"
    env = {**env, "PYTHONUNBUFFERED": "1"}  # a line leaves the child when it is printed
    cpu_before = _children_cpu()
    with stderr_path.open("wb") as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err, start_new_session=True
        )
        reader = _FirstLine(proc.stdout, stdout_path)
        reader.start()
        sampler = RssSampler(proc.pid)
        sampler.start()
        if server is not None:
            server.start()
        try:
            returncode = proc.wait()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
            raise
        finally:
            sampler.stop()
            if server is not None:
                server.stop()
            reader.join()
            proc.stdout.close()
        wall = time.monotonic() - started
    first = reader.first_at
    return Timed(
        returncode=returncode,
        wall=wall,
        startup=None if first is None else first - started,
        peak_rss=sampler.peak,
        cpu=_children_cpu() - cpu_before,
        stdout_path=stdout_path,
        stderr_path=stderr_path,
    )


def _tail(path: Path, lines: int = 30) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return []


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_admin_conninfo() -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(
        host=os.environ.get("CTW_PG_HOST") or "127.0.0.1",
        port=os.environ.get("CTW_PG_PORT") or None,
        user=os.environ.get("CTW_PG_USER") or "postgres",
        password=os.environ.get("CTW_PG_PASSWORD") or None,
        dbname="postgres",
    )


def _pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(_pg_admin_conninfo(), autocommit=True) as conn:
        conn.execute(statement)


# the server settings a PostgreSQL build's time depends on (docs/performance.md: PostgreSQL
# settings)
SERVER_SETTINGS = ("shared_buffers", "max_wal_size", "wal_level", "work_mem", "max_connections")


def pg_server_state() -> tuple[dict[str, str], int, int | None]:
    """The server's settings that matter here, checkpoints so far (requested by WAL volume or
    timed: each one makes the next write of every page a full-page WAL image) and the bytes of
    WAL written so far (None before PostgreSQL 14, which has no pg_stat_wal)."""
    import psycopg

    with psycopg.connect(_pg_admin_conninfo(), autocommit=True) as conn:
        settings = {name: conn.execute(f"show {name}").fetchone()[0] for name in SERVER_SETTINGS}
        try:  # PostgreSQL 17 moved the counts to pg_stat_checkpointer
            row = conn.execute("select num_timed + num_requested from pg_stat_checkpointer")
        except psycopg.errors.UndefinedTable:
            row = conn.execute("select checkpoints_timed + checkpoints_req from pg_stat_bgwriter")
        checkpoints = row.fetchone()[0]
        try:
            wal_bytes = int(conn.execute("select wal_bytes from pg_stat_wal").fetchone()[0])
        except psycopg.errors.UndefinedTable:
            wal_bytes = None
        return settings, checkpoints, wal_bytes


def server_line(settings: dict[str, str], checkpoints: int, wal_bytes: int | None = None) -> str:
    shown = ", ".join(f"{name} {value}" for name, value in settings.items())
    wal = "" if wal_bytes is None else f", {wal_bytes / 1e9:.1f} GB of WAL written"
    return f"PostgreSQL server: {shown}; {checkpoints} checkpoint(s) during the build{wal}"


# --- one build ------------------------------------------------------------------------------


@dataclass
class _Setup:
    data_dir: Path
    out_dir: Path
    tmp: Path
    env: dict
    database: str
    postmaster: int | None


def _setup(studies: int, data_dir: Path, target: str, pg_icu_locale: str | None = None) -> _Setup:
    """This run's folders (bench/out/<N>[-postgres]/: the DuckDB file and the logs; a temporary
    DAGSTER_HOME), its environment and, on PostgreSQL, a new database (collated by the ICU
    locale `pg_icu_locale` if given, else the server's default)."""
    out_dir = DEFAULT_OUT_ROOT / (str(studies) if target == "duckdb" else f"{studies}-{target}")
    if out_dir.exists():
        shutil.rmtree(out_dir)  # each run builds from scratch
    out_dir.mkdir(parents=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"ctw-bench-{studies}-"))
    (tmp / "dagster_home").mkdir()
    env = {
        **os.environ,
        "CTW_AACT_FLATFILES": str(data_dir),
        "CTW_AACT_SOURCE": "flatfiles",
        "DAGSTER_HOME": str(tmp / "dagster_home"),
        "CTW_TARGET": target,
    }
    database = f"ctw_bench_{studies}"
    postmaster = None
    if target == "duckdb":
        env["CTW_DUCKDB_PATH"] = str(out_dir / "warehouse.duckdb")
    else:
        env["CTW_PG_DATABASE"] = database
        _pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{database}"{icu_locale_clause(pg_icu_locale)}')
        postmaster = postgres_postmaster(_pg_admin_conninfo())
        if postmaster is None:
            print("  (the PostgreSQL server is not on this machine: its memory is not sampled)")
    return _Setup(data_dir, out_dir, tmp, env, database, postmaster)


def icu_locale_clause(icu_locale: str | None) -> str:
    """` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`: a database that sorts text
    as most servers do (linguistically), or nothing (the server's default)."""
    if not icu_locale:
        return ""
    if not re.fullmatch(r"[A-Za-z0-9@=_-]+", icu_locale):
        raise ValueError(f"--pg-icu-locale: not an ICU locale name: {icu_locale!r}")
    return f" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}'"


def database_collation(database: str) -> str:
    """`collation en-US (ICU)` or `collation C.UTF-8 (libc)`: how the benchmark's database
    sorts text."""
    import psycopg

    with psycopg.connect(_pg_admin_conninfo(), autocommit=True) as conn:
        # the whole row: PostgreSQL 17 renamed daticulocale to datlocale
        row = conn.execute(
            "select to_jsonb(d) from pg_database as d where datname = %s", (database,)
        ).fetchone()[0]
    if row["datlocprovider"] != "i":
        return f"collation {row['datcollate']} (libc)"
    return f"collation {row.get('daticulocale') or row.get('datlocale')} (ICU)"


def _parse_first(setup: _Setup) -> None:
    """dbt's parse of the project under the build's settings, before the timed build: a nightly
    build finds it cached, and only the first build after a change of the dbt project or of its
    settings pays it (a new benchmark database name, a new setting). Said with its time."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PARSE_FIRST],
        env=setup.env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError("dbt parse before the build failed:\n" + done.stderr[-3000:])
    print(
        f"  dbt's parse for these settings, before the timed build: "
        f"{time.perf_counter() - started:.1f} s ({done.stdout.strip()})",
        flush=True,
    )


def _build(setup: _Setup, report_path: Path) -> tuple[Timed, PostgresServerSampler | None]:
    """`./warehouse build --report-json …`; a build older than --report-json runs without it."""
    server = PostgresServerSampler(setup.postmaster, setup.database) if setup.postmaster else None
    command = ["./warehouse", "build", "--report-json", str(report_path)]
    timed = run_timed(command, setup.env, setup.out_dir, server)
    stderr_text = timed.stderr_path.read_text(encoding="utf-8", errors="replace")
    if (
        timed.returncode != 0
        and not report_path.exists()
        and "--report-json" in stderr_text
        and ("unrecognized arguments" in stderr_text or "usage:" in stderr_text)
    ):
        print("  (this build does not know --report-json yet: running `./warehouse build`)")
        server = PostgresServerSampler(setup.postmaster, setup.database) if server else None
        timed = run_timed(["./warehouse", "build"], setup.env, setup.out_dir, server)
    return timed, server


def _read_report(report_path: Path, out_dir: Path) -> dict:
    if not report_path.exists():
        return {}
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        shutil.copy(report_path, out_dir / "report.json")
        return report
    except (OSError, ValueError) as exc:
        print(f"  report {report_path} unreadable: {exc}", file=sys.stderr)
        return {}


def _clean_up(setup: _Setup, target: str, keep: bool, returncode: int) -> None:
    if target == "postgres" and not keep:
        try:
            _pg_admin(f'DROP DATABASE IF EXISTS "{setup.database}" WITH (FORCE)')
        except Exception as exc:  # keep the measurement; say what was left behind
            print(f"  could not drop database {setup.database}: {exc}", file=sys.stderr)
    if keep or returncode != 0:
        print(f"  kept DAGSTER_HOME (the build's own logs) and report in {setup.tmp}")
    else:
        shutil.rmtree(setup.tmp, ignore_errors=True)


def run_one(
    studies: int,
    seed: int,
    target: str,
    data_root: Path,
    keep: bool,
    floor: bool = True,
    pg_icu_locale: str | None = None,
) -> RunResult:
    """Generate (or reuse) the files for `studies`, build from them from scratch, time it."""
    data_dir = data_root / f"{studies}-s{seed}"
    meta = generate(studies, data_dir, seed)
    print_generation(meta, data_dir)
    setup = _setup(studies, data_dir, target, pg_icu_locale)
    print(f"building the warehouse ({target}) from {studies:,} studies …", flush=True)
    report_path = setup.tmp / "report.json"
    timed, server, report = None, None, {}
    before = pg_server_state() if target == "postgres" else None
    collation = database_collation(setup.database) if target == "postgres" else ""
    try:
        _parse_first(setup)
        timed, server = _build(setup, report_path)
        report = _read_report(report_path, setup.out_dir)
    finally:
        _clean_up(setup, target, keep, timed.returncode if timed else -1)
    if before is not None:
        settings, checkpoints, wal_bytes = pg_server_state()
        wal = None if wal_bytes is None or before[2] is None else wal_bytes - before[2]
        print(f"  {server_line(settings, checkpoints - before[1], wal)}; database {collation}")
    plain = None
    if floor and target == "duckdb" and timed.returncode == 0:
        print("timing the floor: plain read_csv of the same files …", flush=True)
        plain = measure_floor(data_dir, setup.out_dir)
    return RunResult(
        studies=studies,
        input_bytes=sum(t["bytes"] for t in meta["tables"].values()),
        target=target,
        wall=timed.wall,
        peak_rss=timed.peak_rss,
        returncode=timed.returncode,
        phases=report.get("phases"),
        row_counts=report.get("row_counts"),
        model_seconds=report.get("dbt_model_seconds"),
        stderr_tail=_tail(timed.stderr_path),
        log_dir=setup.out_dir,
        floor=plain,
        cpu=timed.cpu,
        server_peak_rss=server.peak if server is not None else None,
        startup=timed.startup,
        test_seconds=report.get("dbt_test_seconds"),
    )


def run_all(
    studies_list: list[int],
    seed: int,
    target: str,
    data_root: Path,
    keep: bool,
    floor: bool,
    pg_icu_locale: str | None = None,
) -> list[RunResult]:
    """One run per N, smallest first as given; stops after the first failed build."""
    results: list[RunResult] = []
    for studies in studies_list:
        result = run_one(studies, seed, target, data_root, keep, floor, pg_icu_locale)
        results.append(result)
        loaded = (result.row_counts or {}).get("aact/studies")
        if loaded not in (None, studies):
            print(f"  warning: the build loaded {loaded} studies, not {studies}", file=sys.stderr)
        if result.returncode != 0:
            break
        print(f"  {done_line(result)}")
    return results


def done_line(result: RunResult) -> str:
    """`done in 9.4 s (start-up 1.1 s, build 8.3 s), peak RSS …`."""
    split = ""
    if result.startup is not None:
        split = f" (start-up {result.startup:.1f} s, build {result.build_seconds:.1f} s)"
    server = ""
    if result.server_peak_rss is not None:
        server = f" (PostgreSQL server: {result.server_peak_rss / 2**30:.2f} GiB)"
    return f"done in {result.wall:.1f} s{split}, peak RSS {result.peak_rss / 2**30:.2f} GiB{server}"
