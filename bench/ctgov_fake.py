"""The fake CT.gov API v2 of the benchmark, in a child process (forked, so it shares no GIL with
the client and its studies do not count in the client's RSS): the test fake (fakes/ctgov_server)
counting replies by status and the time spent building them, optionally memoizing the studies
that match a query, serving synthetic clones of a real record, and reporting what it saw.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing as mp
import random
import resource
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from fakes.ctgov_server import (
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
