"""Keep the local mirror of a selection in step with ClinicalTrials.gov.

The first sync of a selection fetches every study; later ones ask only for studies updated on
or after the last high-water mark minus one day (`AREA[LastUpdatePostDate]RANGE[…,MAX]`), then
sweep away studies the registry no longer lists for the selection (`fields=NCTId`, a cheap
pass). Each page is committed as it arrives, so an interrupted sync resumes at its next page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from orchestration.ctgov.client import CtgovClient, Page
from orchestration.ctgov.mirror import CtgovMirror, selection_key
from orchestration.ctgov.selection import with_updated_since

ID_FIELDS = "NCTId"


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

    def line(self) -> str:
        since = f" since {self.updated_since}" if self.updated_since else ""
        rate = f", {self.rate_per_minute:.0f} requests/min" if self.rate_per_minute else ""
        return (
            f"CT.gov {self.mode} sync{since}{' (resumed)' if self.resumed else ''}: "
            f"{self.studies:,} studies in {self.pages} pages, {len(self.rejected)} rejected, "
            f"{self.removed:,} removed; {self.mirrored:,} mirrored; {self.requests} requests in "
            f"{self.seconds:.1f} s{rate}; registry data of {self.data_timestamp}"
        )


def sync_selection(
    client: CtgovClient,
    mirror: CtgovMirror,
    params: dict[str, str],
    full: bool = False,
    on_page: Callable[[Page, int], None] | None = None,
) -> SyncReport:
    """Fetch what changed for `params` into the mirror (everything on the first run or with
    `full`), resume an interrupted sync, and remove studies no longer listed."""
    started = time.monotonic()
    key = selection_key(params)
    high_water = None if full else mirror.high_water_mark(key)
    since = high_water - timedelta(days=1) if high_water else None
    state = mirror.start_sync(key, params, "incremental" if since else "full", since)
    report = SyncReport(params, state.mode, state.resumed, pages=state.pages)
    report.updated_since = state.updated_since.isoformat() if state.updated_since else None
    query = with_updated_since(params, state.updated_since) if state.updated_since else params
    report.data_timestamp = client.version().get("dataTimestamp")

    pages_done = state.resumed and state.pages > 0 and state.next_page_token is None
    if not pages_done:
        for page in client.iter_pages(
            query, page_token=state.next_page_token, page_number=state.pages + 1
        ):
            rejected = mirror.save_page(state, page.studies, page.next_page_token, page.total_count)
            report.rejected.extend(str(r) for r in rejected)
            report.pages = state.pages
            if on_page is not None:
                on_page(page, len(page.studies) - len(rejected))
    report.studies = state.studies

    listed: set[str] = set()
    for page in client.iter_pages(params, fields=ID_FIELDS):
        for study in page.studies:
            nct_id = study.get("protocolSection", {}).get("identificationModule", {}).get("nctId")
            if nct_id:
                listed.add(nct_id)
    report.removed = mirror.sweep(state, listed)
    mirror.finish_sync(state, report.data_timestamp)
    report.mirrored = mirror.count(key)
    report.seconds = time.monotonic() - started
    report.requests = client.stats.requests
    report.rate_per_minute = client.stats.achieved_rate_per_minute
    return report
