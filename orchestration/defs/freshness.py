"""How fresh the sources and marts are expected to be, shown as fresh / stale in the UI: with
CT.gov as a source, refreshed every weekday morning (the registry updates Monday to Friday);
with AACT alone, reloaded monthly."""

from datetime import timedelta

import dagster as dg

from orchestration import settings
from orchestration.settings import REGISTRY_TIMEZONE


def warehouse_freshness_policy() -> dg.FreshnessPolicy:
    if "ctgov" in settings.sources():
        # by 09:00 New York each weekday, updated within the last day (the refresh runs at 07:00)
        return dg.FreshnessPolicy.cron(
            deadline_cron="0 9 * * 1-5",
            lower_bound_delta=timedelta(hours=24),
            timezone=REGISTRY_TIMEZONE,
        )
    return dg.FreshnessPolicy.time_window(
        fail_window=timedelta(days=35), warn_window=timedelta(days=31)
    )
