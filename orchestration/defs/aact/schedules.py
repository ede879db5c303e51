"""A monthly full reload from AACT: every table read again from the configured AACT source and
built into a new warehouse, so nothing drifts from AACT however the warehouse was fed meanwhile."""

import os

import dagster as dg
from psycopg.conninfo import conninfo_to_dict

from orchestration import settings
from orchestration.defs.warehouse.jobs import build_warehouse_job
from orchestration.settings import REGISTRY_TIMEZONE

LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


def aact_database_is_local(conninfo: str) -> bool:
    """The AACT database is on this machine (a Unix socket or a loopback address)."""
    try:
        params = conninfo_to_dict(conninfo)
    except Exception:  # an invalid conninfo fails the build with its own message
        return False
    hosts = (params.get("host") or os.environ.get("PGHOST") or "").split(",")
    return all(h.strip() in LOCAL_HOSTS or h.strip().startswith("/") for h in hosts)


def monthly_status() -> dg.DefaultScheduleStatus:
    """On only when AACT is a source read from a PostgreSQL database on this machine: that
    database changes when AACT's monthly dump is restored into it, and reading it needs no
    network. AACT's public database needs the network (off, like every networked source until a
    user turns it on); flat files do not change by themselves (new exports come through the
    inbox sensor, CTW_AACT_INBOX)."""
    if (
        "aact" in settings.sources()
        and settings.get("CTW_AACT_SOURCE") == "postgres"
        and aact_database_is_local(settings.get("CTW_AACT_PG_CONNINFO"))
    ):
        return dg.DefaultScheduleStatus.RUNNING
    return dg.DefaultScheduleStatus.STOPPED


aact_monthly_reload = dg.ScheduleDefinition(
    name="aact_monthly_reload",
    job=build_warehouse_job,
    cron_schedule=settings.get("CTW_AACT_SCHEDULE"),
    execution_timezone=REGISTRY_TIMEZONE,
    default_status=monthly_status(),
    description="Full reload: the job build_warehouse reads every table of the AACT source "
    "(CTW_AACT_SOURCE) again, builds, checks and publishes (CTW_AACT_SCHEDULE, default 03:00 New "
    "York on the 1st, before the weekday CT.gov refresh). On by default only for an AACT "
    "database on this machine.",
)
