"""The CT.gov benchmark's two experiments against the fake API (bench/ctgov_fake.py), printed as
markdown: `rate` (the client's achieved rate against the server's limit) and `incremental` (a
full and an incremental sync at scale, each optionally followed by `./warehouse build`)."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

from bench.ctgov_fake import cpu_seconds, fake_server
from orchestration.ctgov.client import CtgovClient
from orchestration.ctgov.mirror import CtgovMirror, selection_key
from orchestration.ctgov.sync import SyncReport, sync_selection

REPO_ROOT = Path(__file__).resolve().parent.parent


def rate_ceiling(requests: int, limit: int) -> float:
    """The highest `achieved / allowed` a client that never exceeds `limit` per window can show
    for `requests`: its first and last request are at least ceil(R / L) - 1 windows apart, and the
    metric adds one window, so R requests occupy ceil(R / L) windows of L slots."""
    return requests / (math.ceil(requests / limit) * limit) if requests else 0.0


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
    """A full sync, `--changed` of the studies changed, an incremental sync, and (unless
    `--no-rebuild`) a build after each; prints the syncs and builds."""
    today = date.today()
    runs = _incremental_runs(args, today)
    full, incremental = runs["full"], runs["incremental"]
    _print_syncs(args, full, incremental)
    print(
        f"\nChanged {runs['changed']:,} studies ({100 * args.changed:g} %; last update {today}, "
        f"new title); the mirror holds {runs['mirrored']:,} studies, {runs['retitled']:,} of "
        f"them dated {today}. server CPU = the fake's child process (HTTP plumbing included) "
        "over the sync; server share = server CPU / wall. client CPU = this process (client, "
        "JSON, zlib, DuckDB). mirror save_page / sweep = wall time inside "
        "`CtgovMirror.save_page` (JSON, zlib, DuckDB upsert of the page) and `.sweep` (listed "
        "ids into a temp table, delete)."
    )
    if runs["builds"]:
        print_builds(runs["builds"], incremental["report"].seconds)
    errors = full["fake"]["server_errors"] + incremental["fake"]["server_errors"]
    if errors:
        print(f"\nfake server errors: {errors}")
    return [full, incremental]


def _incremental_runs(args: argparse.Namespace, today: date) -> dict:
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
    return {
        "full": full,
        "incremental": incremental,
        "builds": builds,
        "changed": changed,
        "mirrored": mirrored,
        "retitled": retitled,
    }


def _print_syncs(args: argparse.Namespace, full: dict, incremental: dict) -> None:
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
        else "fake with per-query memoized matches"
    )
    print(
        f"\n### Incremental at scale: {args.studies:,} studies over {args.days} days, page size "
        f"{args.scale_page_size}, no rate limit, {fake_kind}\n"
    )
    print(table(headers, rows))
