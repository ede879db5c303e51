"""Keep the local mirror of a selection in step with ClinicalTrials.gov.

The first sync of a selection fetches every study; later ones ask only for studies updated on
or after the last high-water mark minus one day (`AREA[LastUpdatePostDate]RANGE[…,MAX]`), then
sweep away studies the registry no longer lists for the selection (`fields=NCTId`, a cheap
pass, but one request per 1,000 studies: about 560 for the whole registry, 11 minutes at 50
a minute). A full sync that was not resumed has just listed every study itself, so it removes
what it did not see and skips that pass. Each page is committed as it arrives, so an
interrupted sync resumes at its next page. Pages and the sweep are steps of `progress`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from orchestration.ctgov.client import CtgovApiError, CtgovClient, Page
from orchestration.ctgov.mirror import CtgovMirror, SyncState, selection_key
from orchestration.ctgov.selection import place_ids, with_updated_since
from orchestration.progress import QUIET, Progress

ID_FIELDS = "NCTId"
IDS_PER_REQUEST = 100  # NCT ids named in one request (a URL of about 1.3 kB)


@dataclass
class SyncReport:
    selection: dict[str, str]
    mode: str  # full | incremental
    resumed: bool
    pages: int = 0
    studies: int = 0
    rejected: list[str] = field(default_factory=list)
    removed: int = 0
    mirrored: int = 0
    data_timestamp: str | None = None
    updated_since: str | None = None
    seconds: float = 0.0
    requests: int = 0
    rate_per_minute: float | None = None
    id_sweep: bool = True  # False: the full sync listed every study, no sweep was needed
    recovered: int = 0  # listed by the sweep, missed by the pages (the listing moved): fetched

    def _recovered(self) -> str:
        return f", {self.recovered:,} recovered" if self.recovered else ""

    def line(self) -> str:
        since = f" since {self.updated_since}" if self.updated_since else ""
        rate = f", {self.rate_per_minute:.0f} requests/min" if self.rate_per_minute else ""
        return (
            f"CT.gov {self.mode} sync{since}{' (resumed)' if self.resumed else ''}: "
            f"{self.studies:,} studies in {self.pages} pages, {len(self.rejected)} rejected, "
            f"{self.removed:,} removed{self._recovered()}; {self.mirrored:,} mirrored; "
            f"{self.requests} requests in "
            f"{self.seconds:.1f} s{rate}; registry data of {self.data_timestamp}"
        )


def sync_selection(
    client: CtgovClient,
    mirror: CtgovMirror,
    params: dict[str, str],
    full: bool = False,
    on_page: Callable[[Page, int], None] | None = None,
    progress: Progress = QUIET,
) -> SyncReport:
    """Fetch what changed for `params` into the mirror (everything on the first run or with
    `full`), resume an interrupted sync, and remove studies no longer listed."""
    started = time.monotonic()
    key = selection_key(params)
    high_water = None if full else mirror.high_water_mark(key)
    since = high_water - timedelta(days=1) if high_water else None
    state = mirror.start_sync(key, params, "incremental" if since else "full", since, full)
    report = SyncReport(params, state.mode, state.resumed, pages=state.pages)
    if state.resumed:  # the records the interrupted run's pages refused count in this sync
        report.rejected = [reason for _, reason in mirror.rejects(key)]
    report.updated_since = state.updated_since.isoformat() if state.updated_since else None
    query = with_updated_since(params, state.updated_since) if state.updated_since else params
    report.data_timestamp = client.version().get("dataTimestamp")
    # a full sync from its first page sees every listed study: the sweep would ask again
    seen: set[str] | None = set() if state.mode == "full" and not state.resumed else None

    pages_done = state.resumed and state.pages > 0 and state.next_page_token is None
    refused: CtgovApiError | None = None
    resumed_at = state.pages
    if not pages_done:
        with progress.step(
            "CT.gov pages",
            total=pages_for(state.total_count, client.page_size),
            unit="pages",
            done=state.pages,
        ) as step:
            try:
                for page in client.iter_pages(
                    query, page_token=state.next_page_token, page_number=state.pages + 1
                ):
                    rejected = mirror.save_page(
                        state, page.studies, page.next_page_token, page.total_count
                    )
                    report.rejected.extend(str(r) for r in rejected)
                    report.pages = state.pages
                    if seen is not None:
                        seen.update(nct_ids(page.studies))
                    listed = f" of {state.total_count:,}" if state.total_count is not None else ""
                    step.update(
                        done=state.pages,
                        total=pages_for(state.total_count, client.page_size),
                        detail=f"{state.studies:,}{listed} studies",
                    )
                    if on_page is not None:
                        on_page(page, len(page.studies) - len(rejected))
            except CtgovApiError as exc:
                # the interrupted sync's saved token refused (expired) before any page came
                if state.pages != resumed_at or not _refused_token(state, exc):
                    raise
                refused = exc
    if refused is not None:
        progress.note(
            f"CT.gov: the interrupted sync's page token was refused (HTTP {refused.status}); "
            "starting the sync again from its first page"
        )
        mirror.abandon_syncs(key)
        return sync_selection(client, mirror, params, full, on_page, progress)
    report.studies = state.studies

    # the pages saw every study only if they saw as many as the first page said there were: a
    # study withdrawn while the sync paged shifts the listing, and another one is never seen
    if seen is not None and len(seen) + len(report.rejected) >= (state.total_count or 0) > 0:
        report.id_sweep = False
        progress.note(
            f"CT.gov id sweep skipped: this full sync listed all {len(seen):,} studies of the "
            "selection itself"
        )
        listed_ids = seen
    else:
        listed_ids = list_ids(client, params, progress)
        report.recovered = fetch_missing(client, mirror, state, listed_ids, progress)
    report.removed = mirror.sweep(state, listed_ids)
    mirror.finish_sync(state, report.data_timestamp)
    report.mirrored = mirror.count(key)
    report.seconds = time.monotonic() - started
    report.requests = client.stats.requests
    report.rate_per_minute = client.stats.achieved_rate_per_minute
    return report


def fetch_missing(
    client: CtgovClient,
    mirror: CtgovMirror,
    state: SyncState,
    listed: set[str],
    progress: Progress = QUIET,
) -> int:
    """Fetch, by id, the studies the id sweep lists and the mirror lacks: the pages missed them
    when the listing moved under them (a study withdrawn between two pages shifts the rest),
    and no later incremental sync would ask for them again. Returns how many were stored."""
    missing = mirror.missing(state.selection_key, listed)
    if not missing:
        return 0
    before = mirror.count(state.selection_key)
    size = min(client.page_size, IDS_PER_REQUEST)
    for start in range(0, len(missing), size):
        batch = missing[start : start + size]
        for page in client.iter_pages(place_ids({}, batch)):
            mirror.save_page(state, page.studies, None, None)
    recovered = mirror.count(state.selection_key) - before
    progress.note(
        f"CT.gov: {len(missing):,} listed studies the pages missed (the listing moved during "
        f"the sync) fetched by id; {recovered:,} stored"
    )
    return recovered


def list_ids(client: CtgovClient, params: dict[str, str], progress: Progress = QUIET) -> set[str]:
    """Every NCT id the registry lists for the selection (`fields=NCTId` pages)."""
    listed: set[str] = set()
    with progress.step("CT.gov id sweep", unit="pages") as step:
        for page in client.iter_pages(params, fields=ID_FIELDS):
            listed.update(nct_ids(page.studies))
            step.update(
                done=step.done + 1,
                total=pages_for(page.total_count, client.page_size),  # on the first page
                detail=f"{len(listed):,} ids",
            )
    return listed


def nct_ids(studies: Iterable) -> Iterable[str]:
    """The NCT ids of a page's records (records without one are the mirror's rejects)."""
    for study in studies:
        section = study.get("protocolSection") if isinstance(study, dict) else None
        module = section.get("identificationModule") if isinstance(section, dict) else None
        nct_id = module.get("nctId") if isinstance(module, dict) else None
        if isinstance(nct_id, str) and nct_id:
            yield nct_id


def pages_for(total_count: int | None, page_size: int) -> int | None:
    """Pages of a selection of `total_count` studies (None when the count is unknown)."""
    if total_count is None:
        return None
    return max(1, math.ceil(total_count / page_size))


def _refused_token(state: SyncState, exc: CtgovApiError) -> bool:
    """The API refused (4xx) the page token a resumed sync had saved."""
    return state.resumed and exc.status is not None and 400 <= exc.status < 500
