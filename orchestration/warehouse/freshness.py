"""Is the warehouse behind the registry? Each source has a data date: its own (AACT's export
date from `YYYYMMDD_pipe-delimited-export.zip`, CT.gov's `/version` dataTimestamp at the last
sync), else the newest `last_update_posted_date` it holds. ClinicalTrials.gov refreshes Monday
to Friday, so lag is counted in business days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from orchestration.sources import study_schemas
from orchestration.warehouse.checks import CheckOutcome


@dataclass(frozen=True)
class DataDates:
    """What one source of one build holds: its own data date and its newest study update."""

    source: str
    export_date: date | None
    newest_update: date | None

    @property
    def data_date(self) -> date | None:
        return self.export_date or self.newest_update

    def describe(self) -> str:
        if self.export_date is not None:
            return f"{self.source} data of {self.export_date}"
        if self.newest_update is not None:
            return f"{self.source} data with updates to {self.newest_update}"
        return f"{self.source} (no data date)"


def as_date(value) -> date | None:
    """A date from what a database or a report gives (date, datetime, 'YYYY-MM-DD…', None)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    return date.fromisoformat(str(value)[:10])


def business_days_between(earlier: date, later: date) -> int:
    """Weekdays after `earlier` up to and including `later` (0 when `later` is not after it):
    data of Friday read on Monday is one business day old."""
    if later <= earlier:
        return 0
    days = (later - earlier).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (earlier + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def _older(new: DataDates, live: DataDates) -> str | None:
    """Why `new` is older than `live`, comparing like with like: export dates when both have
    one, else their newest study updates (an export read from a folder has no export date,
    the same data read from its zip has one)."""
    if new.export_date is not None and live.export_date is not None:
        if new.export_date < live.export_date:
            return f"{new.describe()} is older than the live warehouse's {live.describe()}"
        return None
    if new.newest_update is not None and live.newest_update is not None:
        if new.newest_update < live.newest_update:
            return (
                f"{new.source} data with updates to {new.newest_update} is older than the live "
                f"warehouse's {live.source} data with updates to {live.newest_update}"
            )
    return None


def freshness_checks(
    new: list[DataDates], live: list[DataDates], today: date, max_lag: int
) -> list[CheckOutcome]:
    """`source_not_older_than_live` (error: a build must never take the warehouse back in time;
    `./warehouse rollback` is the way back) and `source_is_current` (a warning: the source's
    data date is more than `max_lag` business days before today)."""
    live_by_source = {d.source: d for d in live}
    older = [
        line
        for d in new
        if d.source in live_by_source and (line := _older(d, live_by_source[d.source]))
    ]
    lags = {
        d.source: business_days_between(d.data_date, today) for d in new if d.data_date is not None
    }
    stale = [
        f"{d.describe()} is {lags[d.source]:,} business days old (more than "
        f"CTW_MAX_SOURCE_LAG_DAYS={max_lag})"
        for d in new
        if d.source in lags and lags[d.source] > max_lag
    ]
    dates = {f"{d.source}_data_date": str(d.data_date or "") for d in new}
    newest = {f"{d.source}_newest_update": str(d.newest_update or "") for d in new}
    lag_metadata = {f"{source}_lag_business_days": lag for source, lag in lags.items()}
    return [
        CheckOutcome(
            "source_not_older_than_live",
            not older,
            "; ".join(older)
            + ("; `./warehouse rollback` goes back to a kept build on purpose" if older else ""),
            {**dates, **{f"live_{d.source}_data_date": str(d.data_date or "") for d in live}},
        ),
        CheckOutcome(
            "source_is_current",
            not stale,
            "; ".join(stale),
            {**dates, **newest, **lag_metadata, "max_lag_business_days": max_lag},
            severity="warn",
        ),
    ]


def build_data_dates(store, export_dates: dict[str, str | None]) -> list[DataDates]:
    """The data dates of the build in progress: each study source's export date (from its load
    report) and its newest `last_update_posted_date` (from the build's raw studies)."""
    return [
        DataDates(
            source,
            as_date(export_date),
            as_date(store.run_in_slot([], _newest_update(store.slot_schema_for(raw)))[0][0]),
        )
        for source, raw, export_date in _sources(store, export_dates)
    ]


def live_data_dates(store) -> list[DataDates]:
    """The same for the live warehouse (empty when nothing is live yet)."""
    if store.live_build() is None:
        return []
    dates = []
    for source, raw, _ in _sources(store, {}):
        try:
            export_date = store.query(f'select max(export_date) from "{raw}"._loads')[0][0]
            newest = store.query(_newest_update(raw))[0][0]
        except Exception:  # a live build from before this source existed
            continue
        dates.append(DataDates(source, as_date(export_date), as_date(newest)))
    return dates


def _sources(store, export_dates: dict[str, str | None]):
    for source, raw in study_schemas(store.raw_schema).items():
        yield source, raw, export_dates.get(source)


def _newest_update(raw_schema: str) -> str:
    return f'select max(last_update_posted_date) from "{raw_schema}".studies'
