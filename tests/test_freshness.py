"""Freshness as a user means it: business days between a source's data date and today, and a
source that would take the warehouse back in time."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.warehouse.freshness import DataDates, business_days_between, freshness_checks


@pytest.mark.parametrize(
    ("earlier", "later", "days"),
    [
        (date(2026, 11, 20), date(2026, 11, 23), 1),  # Friday's data on Monday
        (date(2026, 11, 20), date(2026, 11, 22), 0),  # … on Sunday
        (date(2026, 11, 23), date(2026, 11, 23), 0),
        (date(2026, 11, 23), date(2026, 11, 20), 0),  # a date in the future of today
        (date(2026, 11, 16), date(2026, 11, 25), 7),  # Monday to the next Wednesday
        (date(2026, 11, 1), date(2026, 11, 30), 21),  # a Sunday to a Monday four weeks on
    ],
)
def test_business_days_count_weekdays_after_the_data_date(earlier, later, days):
    assert business_days_between(earlier, later) == days


def test_an_older_export_is_an_error_and_an_old_one_a_warning():
    live = [DataDates("aact", date(2026, 11, 24), date(2026, 11, 23))]
    older = [DataDates("aact", date(2026, 11, 20), date(2026, 11, 19))]
    not_older, current = freshness_checks(older, live, today=date(2026, 11, 25), max_lag=2)
    assert not not_older.passed
    assert not_older.reason.startswith(
        "aact data of 2026-11-20 is older than the live warehouse's aact data of 2026-11-24"
    )
    assert not current.passed
    assert current.reason == (
        "aact data of 2026-11-20 is 3 business days old (more than CTW_MAX_SOURCE_LAG_DAYS=2)"
    )
    assert current.metadata["aact_lag_business_days"] == 3


def test_without_an_export_date_the_newest_update_dates_the_data():
    new = [DataDates("ctgov", None, date(2026, 11, 24)), DataDates("aact", None, None)]
    not_older, current = freshness_checks(new, [], today=date(2026, 11, 25), max_lag=2)
    assert not_older.passed and current.passed
    assert current.metadata["ctgov_data_date"] == "2026-11-24"
    assert current.metadata["aact_data_date"] == ""


def test_an_export_is_compared_with_the_live_build_on_the_dates_both_have():
    # the same export read from its zip (dated 2026-12-03), then from the unzipped folder (no
    # export date): the same newest update, not older
    live = [DataDates("aact", date(2026, 12, 3), date(2023, 12, 14))]
    same = [DataDates("aact", None, date(2023, 12, 14))]
    not_older, _ = freshness_checks(same, live, today=date(2026, 12, 4), max_lag=2)
    assert not_older.passed, not_older.reason
    # an older folder export is still refused, dated by its newest update on both sides
    older = [DataDates("aact", None, date(2023, 11, 30))]
    not_older, _ = freshness_checks(older, live, today=date(2026, 12, 4), max_lag=2)
    assert not not_older.passed
    assert not_older.reason.startswith(
        "aact data with updates to 2023-11-30 is older than the live warehouse's aact data "
        "with updates to 2023-12-14"
    )
