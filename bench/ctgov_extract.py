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

This module is the command line; the fake in its child process is `bench/ctgov_fake.py`, the
experiments `bench/ctgov_experiments.py`.
"""

from __future__ import annotations

import argparse
import sys
import time

from bench.ctgov_experiments import incremental_experiment, rate_experiment


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
