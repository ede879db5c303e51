"""Keep the registry fresh: ClinicalTrials.gov publishes updates every weekday, so each weekday
morning the mirror fetches what changed and a new warehouse is built from it."""

import dagster as dg

from orchestration import settings
from orchestration.defs.warehouse.jobs import sync_ctgov_and_build_job
from orchestration.settings import REGISTRY_TIMEZONE


def weekday_status() -> dg.DefaultScheduleStatus:
    """On when CT.gov is a source of the warehouse; otherwise off until a user turns it on (a
    first sync with no selection fetches the whole registry)."""
    if "ctgov" in settings.sources():
        return dg.DefaultScheduleStatus.RUNNING
    return dg.DefaultScheduleStatus.STOPPED


ctgov_weekday_refresh = dg.ScheduleDefinition(
    name="ctgov_weekday_refresh",
    job=sync_ctgov_and_build_job,
    cron_schedule=settings.get("CTW_CTGOV_SCHEDULE"),
    execution_timezone=REGISTRY_TIMEZONE,
    default_status=weekday_status(),
    description="Incremental CT.gov sync of CTW_CTGOV_PARAMS, then a build that flattens only the "
    "changed studies and publishes (CTW_CTGOV_SCHEDULE, default 07:00 New York, Monday–Friday).",
)
