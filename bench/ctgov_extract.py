"""CT.gov extraction benchmark: the real client, sync and mirror against the local fake API v2.

  python bench/ctgov_extract.py                       # both experiments at their defaults
  python bench/ctgov_extract.py rate --rate 50 --window 6 --pages 10 100
  python bench/ctgov_extract.py incremental --studies 80000 --changed 0.01

`rate`: the fake answers 429 + Retry-After beyond `--rate` requests in any `--window` seconds
(default 50 per 6 s: the registry's 50/min, ten times faster) and the client is configured with the
same limit. For each page count, a fresh server with `pages * --page-size` synthetic studies (clones
of NCT04523987) and a fresh temp mirror; `sync_selection` fetches every page (a full sync of a
fresh mirror lists every id itself, so it sends no `fields=NCTId` sweep pages). Reports
requests, wall time, the client's achieved rate as a fraction of the allowed one, the 429s the
server sent, and the process's peak RSS during the run.

`incremental`: `--studies` synthetic studies last updated over the past `--days` days, page size
1000, no rate limit; a full sync into a temp mirror, then `--changed` of the studies get today's
date and a new title, and an incremental sync fetches them. Reports both timings, requests, studies
fetched, the mirror's study count and the share of wall time the server spent working. Unless
`--no-rebuild`, `./warehouse build` (CTW_SOURCES=ctgov, DuckDB in the temp folder) runs after
each sync: the first flattens every study, the rebuild only those the incremental sync changed.

The fake runs in a child process (forked, so it shares no GIL with the client and its studies do
not count in the client's RSS). Its CPU time is read from the child's rusage; `handle` time is the
time spent routing, matching and JSON-encoding replies (HTTP plumbing excluded). By default the
fake memoizes the studies matching each query (keyed like its page tokens), so serving page k
costs O(page) instead of a scan of every study: the stock fake rescans all N studies for every
page, which makes a full sync quadratic in N on the server side only. `--stock-fake` turns that
off to show the difference.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import multiprocessing as mp
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from orchestration.ctgov.client import CtgovClient  # noqa: E402
from orchestration.ctgov.mirror import CtgovMirror, selection_key  # noqa: E402
from orchestration.ctgov.sync import SyncReport, sync_selection  # noqa: E402
from tests.ctgov_server import (  # noqa: E402
    API_PREFIX,
    FakeCtgov,
    Reply,
    load_studies,
    nct_id,
    query_signature,
    serve,
    synthetic_studies,
)

TEMPLATE_ID = "NCT04523987"
FIRST_NUMBER = 90_000_001
MIB = 1024 * 1024


# --- the fake API, in a child process ------------------------------------------------------------


class BenchFake(FakeCtgov):
    """The test fake, counting replies by status and the time spent building them; optionally
    memoizing the studies that match a query (invalidated whenever `studies` changes)."""

    def __init__(self, studies: list[dict], memoize: bool = True):
        super().__init__(studies)
        self.memoize = memoize
        self.statuses: Counter[int] = Counter()
        self.handle_seconds = 0.0
        self._matching_by_query: dict[str, list[dict]] = {}

    def handle(self, path, query, headers=None, client_port=0) -> Reply:
        started = time.perf_counter()
        reply = super().handle(path, query, headers, client_port)
        if isinstance(reply.body, dict):  # encode here (same bytes) so it counts as server time
            reply = dataclasses.replace(reply, body=json.dumps(reply.body).encode())
        elapsed = time.perf_counter() - started
        with self._lock:
            self.statuses[reply.status] += 1
            self.handle_seconds += elapsed
        return reply

    def _matching(self, params: dict[str, str]) -> list[dict]:
        if not self.memoize:
            return super()._matching(params)
        key = query_signature(params)
        matching = self._matching_by_query.get(key)
        if matching is None:
            matching = self._matching_by_query[key] = super()._matching(params)
        return matching

    def replace_studies(self, studies: list[dict]) -> None:
        with self._lock:
            self.studies = studies
            self._matching_by_query.clear()


def restamp(study: dict, number: int | None = None, day: date | None = None, title=None) -> dict:
    """A copy of `study` with a new NCT number, last-update date and/or title. Only the dicts on
    the changed paths are copied; the rest is shared (the fake never mutates studies), so 80,000
    clones of a 14 KB record cost a few MB and well under a second instead of a deep copy each."""
    section = study["protocolSection"]
    ident = dict(section["identificationModule"])
    status = dict(section["statusModule"])
    if number is not None:
        ident["nctId"] = f"NCT{number:08d}"
    if title is not None:
        ident["briefTitle"] = title
    if day is not None:
        status["lastUpdatePostDateStruct"] = {"date": day.isoformat(), "type": "ACTUAL"}
    new_section = {**section, "identificationModule": ident, "statusModule": status}
    return {**study, "protocolSection": new_section}


def template() -> dict:
    return next(s for s in load_studies([TEMPLATE_ID]) if nct_id(s) == TEMPLATE_ID)


def build_studies(spec: dict) -> list[dict]:
    base = template()
    if spec["kind"] == "rate":
        return synthetic_studies(base, spec["count"], FIRST_NUMBER)
    today, days = date.fromisoformat(spec["today"]), spec["days"]
    # spread over today-days .. today-1, interleaved so pages are not sorted by date
    return [
        restamp(base, FIRST_NUMBER + i, today - timedelta(days=1 + (i * 7919) % days))
        for i in range(spec["count"])
    ]


def change_studies(fake: BenchFake, fraction: float, today: date, seed: int) -> dict:
    studies = list(fake.studies)
    count = max(1, round(len(studies) * fraction))
    chosen = random.Random(seed).sample(range(len(studies)), count)
    for i in chosen:
        studies[i] = restamp(studies[i], day=today, title=f"Changed title {i}")
    fake.replace_studies(studies)
    return {"changed": count}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def max_in_window(times: list[float], window: float) -> int:
    best, start = 0, 0
    for end, at in enumerate(times):
        while times[start] <= at - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def rate_ceiling(requests: int, limit: int) -> float:
    """The highest `achieved / allowed` a client that never exceeds `limit` per window can show
    for `requests`: its first and last request are at least ceil(R / L) - 1 windows apart, and the
    metric adds one window, so R requests occupy ceil(R / L) windows of L slots."""
    return requests / (math.ceil(requests / limit) * limit) if requests else 0.0


def full_window_utilisation(times: list[float], limit: int, window: float) -> float | None:
    """Requests per complete window tiled from the first arrival, over the limit: how saturated
    the windows the run filled were (the last, partial window is left out)."""
    if not times:
        return None
    full = int((times[-1] - times[0]) // window)
    if full == 0:
        return None
    inside = sum(1 for at in times if at < times[0] + full * window)
    return inside / (full * limit)


def fake_stats(fake: BenchFake, since_request: int, since_cpu: float, since_handle: float) -> dict:
    with fake._lock:
        requests = fake.requests[since_request:]
        statuses = dict(fake.statuses)
    kinds: Counter[str] = Counter()
    for r in requests:
        if r.path == f"{API_PREFIX}/version":
            kinds["version"] += 1
        elif "fields" in r.params:
            kinds["id_pages"] += 1
        else:
            kinds["data_pages"] += 1
    times = [r.at for r in requests]
    stats = {
        "requests": len(requests),
        "kinds": dict(kinds),
        "statuses": statuses,
        "cpu_seconds": cpu_seconds() - since_cpu,
        "handle_seconds": fake.handle_seconds - since_handle,
        "times": times,
        "server_errors": [repr(e) for e in fake.server_errors],
    }
    if fake.rate_limit:
        limit, window = fake.rate_limit
        stats["max_in_window"] = max_in_window(times, window)
        stats["full_window_utilisation"] = full_window_utilisation(times, limit, window)
    return stats


def server_main(conn, spec: dict) -> None:
    fake = BenchFake(build_studies(spec), memoize=spec.get("memoize", True))
    if spec.get("rate"):
        fake.limit_rate(spec["rate"], spec["window"])
    with serve(fake) as url:
        conn.send(url)
        mark = (0, cpu_seconds(), 0.0)
        while True:
            command, arg = conn.recv()
            if command == "stats":  # since the previous "stats"
                conn.send(fake_stats(fake, *mark))
                fake.statuses.clear()
                mark = (len(fake.requests), cpu_seconds(), fake.handle_seconds)
            elif command == "change":
                conn.send(
                    change_studies(
                        fake, arg["fraction"], date.fromisoformat(arg["today"]), arg["seed"]
                    )
                )
            else:
                break
    conn.send("stopped")


class ServerProcess:
    def __init__(self, conn, process):
        self.conn, self.process = conn, process
        self.url: str = ""

    def call(self, command: str, arg=None, timeout: float = 600):
        self.conn.send((command, arg))
        if not self.conn.poll(timeout):
            raise TimeoutError(f"fake server did not answer {command!r}")
        return self.conn.recv()


@contextmanager
def fake_server(spec: dict) -> Iterator[ServerProcess]:
    context = mp.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=server_main, args=(child, spec), daemon=True)
    process.start()
    server = ServerProcess(parent, process)
    try:
        if not parent.poll(600):
            raise TimeoutError("fake server did not start")
        server.url = parent.recv()
        yield server
    finally:
        try:
            parent.send(("stop", None))
            parent.poll(10)
        except (BrokenPipeError, OSError):
            pass
        process.join(10)
        if process.is_alive():
            process.terminate()
            process.join(5)


# --- the client's memory -----------------------------------------------------------------------


def proc_status_kib(field: str) -> int:
    text = Path("/proc/self/status").read_text()
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


class RssWatch:
    """Peak RSS of this process during a block: VmHWM after resetting it (clear_refs 5, Linux
    >= 4.0), cross-checked by sampling VmRSS in a thread every 10 ms."""

    def __init__(self, interval: float = 0.01):
        self.interval = interval
        self.baseline = self.sampled_peak = self.hwm = 0
        self.hwm_reset = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> RssWatch:
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self.hwm_reset = True
        except OSError:
            self.hwm_reset = False
        self.baseline = self.sampled_peak = proc_status_kib("VmRSS")
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.sampled_peak = max(self.sampled_peak, proc_status_kib("VmRSS"))

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sampled_peak = max(self.sampled_peak, proc_status_kib("VmRSS"))
        self.hwm = proc_status_kib("VmHWM")

    @property
    def peak(self) -> int:
        return max(self.sampled_peak, self.hwm) if self.hwm_reset else self.sampled_peak


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# --- experiment 1: rate --------------------------------------------------------------------------


def rate_run(args: argparse.Namespace, pages: int) -> dict:
    spec = {
        "kind": "rate",
        "count": pages * args.page_size,
        "rate": args.rate,
        "window": args.window,
    }
    with fake_server(spec) as server, tempfile.TemporaryDirectory() as tmp:
        with RssWatch() as rss:
            with (
                CtgovMirror(Path(tmp) / "mirror.duckdb") as mirror,
                CtgovClient(
                    server.url,
                    rate_per_minute=args.rate,
                    page_size=args.page_size,
                    window_seconds=args.window,
                    backoff_base=args.backoff_base,
                ) as client,
            ):
                started = time.monotonic()
                report = sync_selection(client, mirror, {})
                wall = time.monotonic() - started
                stats = client.stats
        fake = server.call("stats")
    achieved = stats.achieved_rate_per_minute or 0.0
    return {
        "pages": pages,
        "report": report,
        "wall": wall,
        "achieved": achieved,
        "allowed": stats.allowed_rate_per_minute,
        "retries": stats.retries,
        "limit_wait": stats.rate_limit_wait_seconds,
        "fake": fake,
        "rss": rss,
    }


def rate_experiment(args: argparse.Namespace) -> list[dict]:
    runs = []
    for pages in args.pages:
        run = rate_run(args, pages)
        runs.append(run)
        print(f"  rate run, {pages} pages: {run['report'].line()}", file=sys.stderr)
    headers = [
        "data pages",
        "studies",
        "requests (version + data + id pages)",
        "wall s",
        "achieved/min",
        "allowed/min",
        "achieved %",
        "ceiling % (instant requests)",
        "full-window use %",
        "max in any window",
        "limiter wait s",
        "429s (server)",
        "client retries",
        "RSS before MiB",
        "peak RSS MiB",
        "peak - before MiB",
    ]
    rows = []
    for run in runs:
        report: SyncReport = run["report"]
        fake, rss, kinds = run["fake"], run["rss"], run["fake"]["kinds"]
        use = fake.get("full_window_utilisation")
        rows.append(
            [
                str(report.pages),
                f"{report.studies:,}",
                f"{report.requests} ({kinds.get('version', 0)} + {kinds.get('data_pages', 0)}"
                f" + {kinds.get('id_pages', 0)})",
                f"{run['wall']:.2f}",
                f"{run['achieved']:.0f}",
                f"{run['allowed']:.0f}",
                f"{100 * run['achieved'] / run['allowed']:.1f}",
                f"{100 * rate_ceiling(report.requests, args.rate):.1f}",
                "n/a (under one window)" if use is None else f"{100 * use:.1f}",
                f"{fake.get('max_in_window', 0)} / {args.rate}",
                f"{run['limit_wait']:.2f}",
                str(fake["statuses"].get(429, 0)),
                str(run["retries"]),
                mib(rss.baseline),
                mib(rss.peak),
                mib(rss.peak - rss.baseline),
            ]
        )
    print(
        f"\n### Rate: {args.rate} requests / {args.window:g} s window (server and client), "
        f"page size {args.page_size}\n"
    )
    print(table(headers, rows))
    print(
        "\nachieved % = the client's `stats.achieved_rate_per_minute` (requests over the run's "
        "span plus one window) / `allowed_rate_per_minute`; every request counts, including "
        "/version and the sweep's `fields=NCTId` pages. ceiling % = the most that metric can "
        "read for this many requests R at L per window without exceeding the limit, "
        "R / (ceil(R / L) * L), if requests took no time (the leftover R mod L requests open one "
        "more window); real requests take time, and the limiter repeats the first burst's "
        "spacing in every later window, so the last window's spread counts against it too. "
        "full-window use % = requests the server "
        "saw in the complete windows tiled from the first arrival / (windows x limit). Peak RSS "
        "is this process (client + mirror; the fake runs in a child) during the run."
    )
    return runs


# --- experiment 2: incremental at scale ----------------------------------------------------------


class TimedMirror(CtgovMirror):
    """The mirror, timing its page upserts and sweeps (where the client's time goes)."""

    def __init__(self, path):
        super().__init__(path)
        self.seconds: Counter[str] = Counter()

    def save_page(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return super().save_page(*args, **kwargs)
        finally:
            self.seconds["save_page"] += time.perf_counter() - started

    def sweep(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return super().sweep(*args, **kwargs)
        finally:
            self.seconds["sweep"] += time.perf_counter() - started


def timed_sync(url: str, mirror: TimedMirror, page_size_: int) -> dict:
    marks: list[float] = []
    mirror.seconds.clear()
    with (
        RssWatch() as rss,
        CtgovClient(
            url, page_size=page_size_, rate_per_minute=1_000_000, window_seconds=60.0
        ) as client,
    ):
        cpu, started = cpu_seconds(), time.monotonic()

        def on_page(page, stored: int) -> None:
            marks.append(time.monotonic())
            if page.number % 10 == 0:
                print(
                    f"  page {page.number}: {marks[-1] - started:.1f} s, mirror "
                    f"{mirror.seconds['save_page']:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )

        report = sync_selection(client, mirror, {}, on_page=on_page)
        wall = time.monotonic() - started
        cpu = cpu_seconds() - cpu
    data_phase = (marks[-1] - started) if marks else 0.0
    return {
        "report": report,
        "wall": wall,
        "cpu": cpu,
        "data_phase": data_phase,
        "rss": rss,
        "mirror": dict(mirror.seconds),
    }


def timed_build(tmp: Path, name: str) -> dict:
    """`./warehouse build` of the mirror alone (CTW_SOURCES=ctgov) into a DuckDB file in `tmp`."""
    report_path = tmp / "build_report.json"
    env = {
        **os.environ,
        "CTW_SOURCES": "ctgov",
        "CTW_CTGOV_MIRROR": str(tmp / "mirror.duckdb"),
        "CTW_DUCKDB_PATH": str(tmp / "warehouse.duckdb"),
        "DAGSTER_HOME": str(tmp / "dagster_home"),
    }
    print(f"  {name}: ./warehouse build …", file=sys.stderr, flush=True)
    started = time.monotonic()
    completed = subprocess.run(
        [str(REPO_ROOT / "warehouse"), "build", "--report-json", str(report_path)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.monotonic() - started
    if completed.returncode != 0:
        raise SystemExit(f"{name} failed:\n{completed.stderr[-3000:]}")
    report = json.loads(report_path.read_text())
    return {"name": name, "wall": wall, "report": report}


def print_builds(builds: list[dict], incremental_sync_seconds: float) -> None:
    headers = [
        "build",
        "studies flattened",
        "flatten + CSV s",
        "extract load s",
        "dbt models s",
        "dbt tests s",
        "publish s",
        "wall s",
    ]
    rows = []
    for build in builds:
        report, phases = build["report"], build["report"]["phases"]
        rows.append(
            [
                build["name"],
                f"{report['ctgov_flattened']:,}",
                f"{report['ctgov_flatten_seconds']:.1f}",
                f"{phases.get('extract_load', 0.0):.1f}",
                f"{phases.get('dbt_models', 0.0):.1f}",
                f"{phases.get('checks', 0.0):.1f}",
                f"{phases.get('publish', 0.0):.1f}",
                f"{build['wall']:.1f}",
            ]
        )
    print("\n### Warehouse builds from the mirror (`./warehouse build`, CTW_SOURCES=ctgov)\n")
    print(table(headers, rows))
    if len(builds) == 2:
        total = incremental_sync_seconds + builds[1]["wall"]
        print(
            f"\nIncremental sync + rebuild: {incremental_sync_seconds:.1f} s + "
            f"{builds[1]['wall']:.1f} s = {total:.1f} s. extract load includes flatten + CSV "
            "(studies changed since the last build are flattened; the rest reuse the rows kept "
            "in the mirror). wall includes the process start."
        )


def incremental_experiment(args: argparse.Namespace) -> list[dict]:
    today = date.today()
    spec = {
        "kind": "scale",
        "count": args.studies,
        "days": args.days,
        "today": today.isoformat(),
        "memoize": not args.stock_fake,
    }
    started = time.monotonic()
    with fake_server(spec) as server, tempfile.TemporaryDirectory() as tmp:
        print(
            f"  {args.studies:,} studies served after {time.monotonic() - started:.1f} s",
            file=sys.stderr,
        )
        server.call("stats")  # reset the server's counters
        mirror_path = Path(tmp) / "mirror.duckdb"
        with TimedMirror(mirror_path) as mirror:
            full = timed_sync(server.url, mirror, args.scale_page_size)
            full["fake"] = server.call("stats")
            print(f"  full: {full['report'].line()}", file=sys.stderr)
        builds = [timed_build(Path(tmp), "first build")] if args.rebuild else []
        changed = server.call(
            "change", {"fraction": args.changed, "today": today.isoformat(), "seed": args.seed}
        )["changed"]
        server.call("stats")
        with TimedMirror(mirror_path) as mirror:
            incremental = timed_sync(server.url, mirror, args.scale_page_size)
            incremental["fake"] = server.call("stats")
            print(f"  incremental: {incremental['report'].line()}", file=sys.stderr)
            key = selection_key({})
            mirrored = mirror.count(key)
            retitled = mirror.con.execute(
                "select count(*) from studies where selection_key = ? "
                "and last_update_post_date = ?",
                [key, today],
            ).fetchone()[0]
        if args.rebuild:
            builds.append(timed_build(Path(tmp), "rebuild after the incremental sync"))
    headers = [
        "sync",
        "requests (version + data + id pages)",
        "studies fetched",
        "removed",
        "mirrored",
        "wall s",
        "data pages s",
        "sweep + finish s",
        "mirror save_page s",
        "mirror sweep s",
        "server CPU s",
        "server share %",
        "server handle s",
        "client CPU s",
        "peak RSS MiB",
    ]
    rows = []
    for name, run in (("full", full), ("incremental", incremental)):
        report: SyncReport = run["report"]
        fake, kinds = run["fake"], run["fake"]["kinds"]
        rows.append(
            [
                f"{name}{' since ' + report.updated_since if report.updated_since else ''}",
                f"{report.requests} ({kinds.get('version', 0)} + {kinds.get('data_pages', 0)}"
                f" + {kinds.get('id_pages', 0)})",
                f"{report.studies:,}",
                f"{report.removed:,}",
                f"{report.mirrored:,}",
                f"{run['wall']:.2f}",
                f"{run['data_phase']:.2f}",
                f"{run['wall'] - run['data_phase']:.2f}",
                f"{run['mirror'].get('save_page', 0.0):.2f}",
                f"{run['mirror'].get('sweep', 0.0):.2f}",
                f"{fake['cpu_seconds']:.2f}",
                f"{100 * fake['cpu_seconds'] / run['wall']:.1f}",
                f"{fake['handle_seconds']:.2f}",
                f"{run['cpu']:.2f}",
                mib(run["rss"].peak),
            ]
        )
    fake_kind = (
        "stock fake (rescans all studies per page)"
        if args.stock_fake
        else ("fake with per-query memoized matches")
    )
    print(
        f"\n### Incremental at scale: {args.studies:,} studies over {args.days} days, page size "
        f"{args.scale_page_size}, no rate limit, {fake_kind}\n"
    )
    print(table(headers, rows))
    print(
        f"\nChanged {changed:,} studies ({100 * args.changed:g} %; last update {today}, new "
        f"title); the mirror holds {mirrored:,} studies, {retitled:,} of them dated {today}. "
        "server CPU = the fake's child process (HTTP plumbing included) over the sync; server "
        "share = server CPU / wall. client CPU = this process (client, JSON, zlib, DuckDB). "
        "mirror save_page / sweep = wall time inside `CtgovMirror.save_page` (JSON, zlib, DuckDB "
        "upsert of the page) and `.sweep` (listed ids into a temp table, delete)."
    )
    if builds:
        print_builds(builds, incremental["report"].seconds)
    errors = full["fake"]["server_errors"] + incremental["fake"]["server_errors"]
    if errors:
        print(f"\nfake server errors: {errors}")
    return [full, incremental]


# --- command line --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark the CT.gov client, sync and mirror against the local fake API v2: "
        "rate-limit saturation and incremental sync at scale; prints markdown tables.",
    )
    parser.add_argument(
        "experiment",
        nargs="?",
        choices=("all", "rate", "incremental"),
        default="all",
        help="which experiment to run (default: all)",
    )
    rate = parser.add_argument_group("rate experiment")
    rate.add_argument("--rate", type=int, default=50, help="requests per window (default 50)")
    rate.add_argument("--window", type=float, default=6.0, help="window seconds (default 6)")
    rate.add_argument(
        "--pages",
        type=int,
        nargs="+",
        default=[10, 100],
        help="data pages per run (default 10 100)",
    )
    rate.add_argument("--page-size", type=int, default=10, help="studies per page (default 10)")
    rate.add_argument(
        "--backoff-base", type=float, default=1.0, help="client backoff base seconds (default 1)"
    )
    scale = parser.add_argument_group("incremental experiment")
    scale.add_argument("--studies", type=int, default=80_000, help="studies (default 80000)")
    scale.add_argument(
        "--days",
        type=int,
        default=3650,
        help="last-update dates spread over this many past days (default 3650)",
    )
    scale.add_argument(
        "--changed",
        type=float,
        default=0.01,
        help="fraction of studies changed before the incremental sync (0.01)",
    )
    scale.add_argument(
        "--scale-page-size",
        type=int,
        default=1000,
        help="page size of the incremental experiment (default 1000)",
    )
    scale.add_argument(
        "--stock-fake",
        action="store_true",
        help="serve with the unmodified fake (rescans every study for every page)",
    )
    scale.add_argument("--seed", type=int, default=1, help="seed choosing the changed studies")
    scale.add_argument(
        "--no-rebuild",
        dest="rebuild",
        action="store_false",
        help="skip the warehouse builds after the full and the incremental sync",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    if args.experiment in ("all", "rate"):
        rate_experiment(args)
    if args.experiment in ("all", "incremental"):
        incremental_experiment(args)
    print(f"\n(total {time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
