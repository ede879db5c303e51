"""Syncing the CT.gov mirror over real HTTP to a local fake API: a full first sync, incremental
syncs that fetch only what changed, sweeps of withdrawn studies (skipped after a full sync that
listed every id itself), resume after an interruption, idempotent re-runs, and the `ctgov-sync`
command with its progress lines."""

from __future__ import annotations

import copy
import signal
import time
from datetime import date, timedelta

import pytest

from fakes.ctgov_server import FakeCtgov, Reply, load_studies, nct_id, serve, synthetic_studies
from orchestration.ctgov.client import CtgovClient
from orchestration.ctgov.mirror import CtgovMirror, selection_key
from orchestration.ctgov.sync import sync_selection
from orchestration.progress import QUIET
from tests.helpers import run_cli, start_cli

TEMPLATE = next(s for s in load_studies() if nct_id(s) == "NCT04523987")
FIRST_DAY = date(2023, 1, 1)


def dated(study: dict, day: date, title: str | None = None) -> dict:
    study = copy.deepcopy(study)
    status = study["protocolSection"]["statusModule"]
    status["lastUpdatePostDateStruct"] = {"date": day.isoformat(), "type": "ACTUAL"}
    if title is not None:
        study["protocolSection"]["identificationModule"]["briefTitle"] = title
    return study


def registry(count: int = 120) -> list[dict]:
    """`count` studies last updated on consecutive days from 2023-01-01."""
    return [
        dated(s, FIRST_DAY + timedelta(days=i))
        for i, s in enumerate(synthetic_studies(TEMPLATE, count))
    ]


def titles(mirror: CtgovMirror, params: dict) -> dict[str, str]:
    return {
        s["protocolSection"]["identificationModule"]["nctId"]: s["protocolSection"][
            "identificationModule"
        ]["briefTitle"]
        for s in mirror.iter_studies(selection_key(params))
    }


def client_for(url: str) -> CtgovClient:
    return CtgovClient(url, page_size=25, rate_per_minute=6000, backoff_base=0.01)


def test_full_then_incremental_syncs_fetch_only_what_changed(tmp_path):
    fake = FakeCtgov(registry())
    with serve(fake) as url, CtgovMirror(tmp_path / "mirror.duckdb") as mirror:
        with client_for(url) as client:
            first = sync_selection(client, mirror, {})
        assert (first.mode, first.studies, first.pages, first.mirrored) == ("full", 120, 5, 120)
        assert first.data_timestamp == "2026-08-11T09:00:05"

        studies = fake.studies
        changed = [dated(s, date(2024, 3, 1), "Changed title") for s in studies[10:13]]
        new = dated(synthetic_studies(TEMPLATE, 1, first_number=99_000_001)[0], date(2024, 3, 2))
        # studies[117] (2023-04-28) stays; the last two, of 2023-04-29 and -30, are withdrawn
        fake.studies = [*studies[:10], *changed, *studies[13:118], new]
        fake.requests.clear()
        with client_for(url) as client:
            second = sync_selection(client, mirror, {})
        # since the high-water mark (2023-04-30, the newest study) minus one day: 3 changed
        # studies and 1 new one; nothing older is fetched again
        assert (second.mode, second.updated_since) == ("incremental", "2023-04-29")
        assert second.studies == 4
        assert second.removed == 2 and second.mirrored == 119
        pages = [r.params for r in fake.study_requests() if "fields" not in r.params]
        assert len(pages) == 1
        assert pages[0]["filter.advanced"] == "AREA[LastUpdatePostDate]RANGE[2023-04-29,MAX]"
        mirrored = titles(mirror, {})
        assert [mirrored[nct_id(s)] for s in changed] == ["Changed title"] * 3
        assert nct_id(new) in mirrored and nct_id(studies[118]) not in mirrored

        before = mirrored
        with client_for(url) as client:
            third = sync_selection(client, mirror, {})
        assert (third.removed, third.mirrored) == (0, 119)
        assert titles(mirror, {}) == before  # a re-run changes nothing


def interrupt_after_page_two(url: str, mirror: CtgovMirror, params: dict[str, str]) -> None:
    """A sync stopped (Ctrl-C) once its second page is saved."""

    def die_after_page_two(page, stored):
        if page.number == 2:
            raise KeyboardInterrupt

    with client_for(url) as client, pytest.raises(KeyboardInterrupt):
        sync_selection(client, mirror, params, on_page=die_after_page_two)


def test_an_interrupted_sync_resumes_from_its_next_page(tmp_path):
    fake = FakeCtgov(registry(100))
    # a record of page 1 the mirror refuses: the resumed sync still counts it
    fake.studies[3] = copy.deepcopy(fake.studies[3])
    fake.studies[3]["protocolSection"]["identificationModule"]["nctId"] = 12345
    params = {"query.cond": "pancreatic ductal"}
    with serve(fake) as url, CtgovMirror(tmp_path / "mirror.duckdb") as mirror:
        interrupt_after_page_two(url, mirror, params)
        assert mirror.count(selection_key(params)) == 49
        fake.requests.clear()
        with client_for(url) as client:
            resumed = sync_selection(client, mirror, params)
        assert resumed.resumed and resumed.mode == "full"
        pages = [r.params for r in fake.study_requests() if "fields" not in r.params]
        assert len(pages) == 2 and "pageToken" in pages[0] and "countTotal" not in pages[0]
        assert (resumed.pages, resumed.studies, resumed.mirrored) == (4, 99, 99)
        assert len(resumed.rejected) == 1 and "nctId is not a string" in resumed.rejected[0]
        # this process did not see the first two pages: the id sweep lists the selection
        assert resumed.id_sweep and len(id_requests(fake)) == 4


def test_an_interrupted_sync_whose_page_token_is_refused_starts_again(tmp_path):
    # the saved token expired while the sync was down: the API answers 400 to it
    fake = FakeCtgov(registry(100))
    params = {"query.cond": "pancreatic ductal"}
    notes = []

    class Notes:
        def note(self, text):
            notes.append(text)

        def step(self, *args, **kwargs):
            return QUIET.step(*args, **kwargs)

    with serve(fake) as url, CtgovMirror(tmp_path / "mirror.duckdb") as mirror:
        interrupt_after_page_two(url, mirror, params)
        fake.requests.clear()
        version = {"apiVersion": fake.api_version, "dataTimestamp": fake.data_timestamp}
        fake.then(Reply(200, version), Reply(400, "pageToken is expired"))
        with client_for(url) as client:
            again = sync_selection(client, mirror, params, progress=Notes())
        assert not again.resumed and (again.pages, again.studies, again.mirrored) == (4, 100, 100)
        assert notes[0] == (
            "CT.gov: the interrupted sync's page token was refused (HTTP 400); starting the sync "
            "again from its first page"
        )
        pages = [r.params for r in fake.study_requests() if "fields" not in r.params]
        assert "pageToken" in pages[0] and "countTotal" in pages[1]  # refused, then page 1


def id_requests(fake: FakeCtgov) -> list[dict]:
    return [r.params for r in fake.study_requests() if r.params.get("fields") == "NCTId"]


def test_a_full_sync_that_saw_every_id_needs_no_id_sweep(tmp_path):
    fake = FakeCtgov(registry(120))
    with serve(fake) as url, CtgovMirror(tmp_path / "mirror.duckdb") as mirror:
        with client_for(url) as client:
            first = sync_selection(client, mirror, {})
        # /version and 5 pages of 25: not one request more
        assert (first.id_sweep, first.requests, first.mirrored) == (False, 6, 120)
        assert id_requests(fake) == []

        withdrawn = fake.studies[40:42]
        fake.studies = fake.studies[:40] + fake.studies[42:]
        fake.requests.clear()
        with client_for(url) as client:
            again = sync_selection(client, mirror, {}, full=True)
        # what the full sync did not see is gone, without asking for the ids
        assert (again.id_sweep, again.requests, again.removed, again.mirrored) == (
            False, 6, 2, 118,
        )  # fmt: skip
        assert id_requests(fake) == []
        assert not {nct_id(s) for s in withdrawn} & set(titles(mirror, {}))

        fake.requests.clear()
        with client_for(url) as client:
            incremental = sync_selection(client, mirror, {})
        # an incremental sync sees only what changed: the sweep lists all 118 ids, 5 pages
        assert incremental.id_sweep and len(id_requests(fake)) == 5


def test_a_study_withdrawn_while_a_full_sync_pages_loses_no_other_study(tmp_path):
    """The fake's page tokens are offsets: a study withdrawn after page 1 shifts the listing,
    so page 2 starts one study late and one listed study is never on a page. The pages saw
    fewer studies than page 1 counted: the id sweep runs, the withdrawn study goes, and the
    one the pages missed is fetched by id."""
    fake = FakeCtgov(registry(100))
    with serve(fake) as url, CtgovMirror(tmp_path / "mirror.duckdb") as mirror:
        all_ids = [nct_id(s) for s in fake.studies]
        withdrawn = all_ids[10]

        def withdraw_after_page_one(page, stored) -> None:
            if withdrawn in {nct_id(s) for s in fake.studies} and page.next_page_token:
                fake.studies = [s for s in fake.studies if nct_id(s) != withdrawn]

        with client_for(url) as client:
            report = sync_selection(client, mirror, {}, on_page=withdraw_after_page_one)
        # page 1 stored it, the sweep removes it; the study the shift skipped is fetched by id
        assert report.id_sweep and (report.removed, report.recovered) == (1, 1)
        assert set(titles(mirror, {})) == set(all_ids) - {withdrawn}
        assert "1 recovered" in report.line()

        # the withdrawn study is gone at the next sync; nothing else moves
        with client_for(url) as client:
            again = sync_selection(client, mirror, {}, full=True)
        assert (again.id_sweep, again.removed, again.recovered) == (False, 0, 0)
        assert set(titles(mirror, {})) == set(all_ids) - {withdrawn}


def sync_env(url: str, tmp_path) -> dict[str, str]:
    """`./warehouse ctgov-sync` against the fake, ten studies a page, a mirror of its own."""
    return {
        "CTW_CTGOV_API_URL": url,
        "CTW_CTGOV_PAGE_SIZE": "10",
        "CTW_CTGOV_MIRROR": str(tmp_path / "mirror.duckdb"),
    }


def test_the_ctgov_sync_command_reports_counts_and_rate(tmp_path):
    fake = FakeCtgov(registry(30))
    with serve(fake) as url:
        env = {
            **sync_env(url, tmp_path),
            "CTW_CTGOV_PARAMS": "query.id=NCT90000001,NCT90000002&query.cond=pancreatic",
        }
        result = run_cli("ctgov-sync", env=env, dagster_home=tmp_path / "home")
        assert result.returncode == 0, result.stderr
        assert "CT.gov full sync: 2 studies in 1 pages, 0 rejected, 0 removed; 2 mirrored" in (
            result.stdout
        )
        searched = [r.params for r in fake.study_requests() if "fields" not in r.params][0]
        assert searched["filter.ids"] == "NCT90000001,NCT90000002"  # ids restrict, not widen
        bad = run_cli(
            "ctgov-sync",
            env={**env, "CTW_CTGOV_PARAMS": "query.colour=blue"},
            dagster_home=tmp_path / "home",
        )
        assert bad.returncode == 1
        assert bad.stderr.startswith("warehouse: CTW_CTGOV_PARAMS:") and "query.colour" in (
            bad.stderr
        )


def test_ctrl_c_stops_a_sync_in_one_line_and_the_next_one_resumes(tmp_path):
    fake = FakeCtgov(registry(30))
    with serve(fake) as url:
        env = sync_env(url, tmp_path)
        version = {"apiVersion": fake.api_version, "dataTimestamp": fake.data_timestamp}
        first_page = fake._search({"pageSize": "10", "format": "json", "countTotal": "true"})
        # the second page takes long to come: Ctrl-C arrives while the sync waits for it
        fake.then(Reply(200, version), Reply(200, first_page), Reply(503, "slow", delay=30))
        process = start_cli("ctgov-sync", env=env, dagster_home=tmp_path / "home")
        deadline = time.monotonic() + 60
        while len(fake.study_requests()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 130, out + err
        assert "Traceback" not in err, err
        assert err.strip().splitlines()[-1] == (
            "CT.gov sync interrupted; every page saved so far stays in the mirror, and the next "
            "`./warehouse ctgov-sync` resumes from the page after them."
        )
        resumed = run_cli("ctgov-sync", env=env, dagster_home=tmp_path / "home")
        assert resumed.returncode == 0, resumed.stderr
        assert "CT.gov full sync (resumed): 30 studies in 3 pages" in resumed.stdout


def test_the_ctgov_sync_command_prints_page_and_sweep_progress(tmp_path):
    fake = FakeCtgov(registry(30))
    with serve(fake) as url:
        env = {
            "CTW_CTGOV_API_URL": url,
            "CTW_CTGOV_PAGE_SIZE": "10",
            "CTW_CTGOV_MIRROR": str(tmp_path / "mirror.duckdb"),
            "CTW_PROGRESS_SECONDS": "0",  # every change: the pace itself is tested in test_progress
        }
        first = run_cli("ctgov-sync", env=env, dagster_home=tmp_path / "home")
        assert first.returncode == 0, first.stderr
        lines = first.stdout.splitlines()
        pages = [line for line in lines if line.startswith("CT.gov pages: ")]
        assert pages[0].startswith("CT.gov pages: 1/3 pages (33 %), ")
        assert pages[0].endswith("; 10 of 30 studies")
        assert pages[2].startswith("CT.gov pages: 3/3 pages (100 %), ")
        assert pages[-1].startswith("CT.gov pages: 3 pages in ") and len(pages) == 4
        assert (
            "CT.gov id sweep skipped: this full sync listed all 30 studies of the selection itself"
        ) in lines
        assert first.stderr == ""

        second = run_cli("ctgov-sync", env=env, dagster_home=tmp_path / "home")
        assert second.returncode == 0, second.stderr
        sweep = [line for line in second.stdout.splitlines() if line.startswith("CT.gov id sweep")]
        assert sweep[0].startswith("CT.gov id sweep: 1/3 pages (33 %), ")
        assert sweep[0].endswith("; 10 ids")
        assert sweep[-1].startswith("CT.gov id sweep: 3 pages in ") and sweep[-1].endswith("30 ids")
