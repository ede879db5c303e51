"""Drop an AACT export in a folder and it becomes the live warehouse: the sensor watches
CTW_AACT_INBOX and runs `build_warehouse` on the newest complete export (rules in
orchestration/aact/inbox.py)."""

from pathlib import Path

import dagster as dg

from orchestration import settings
from orchestration.aact.inbox import Export, InboxCursor, decide, list_inbox
from orchestration.defs.warehouse.jobs import build_warehouse_job

INBOX_ENV = "CTW_AACT_INBOX"


def inbox_status() -> dg.DefaultSensorStatus:
    """On when an inbox is set: it is a local folder, no network."""
    if settings.get(INBOX_ENV):
        return dg.DefaultSensorStatus.RUNNING
    return dg.DefaultSensorStatus.STOPPED


def inbox_description() -> str:
    inbox = settings.get(INBOX_ENV)
    if not inbox:
        return (
            "CTW_AACT_INBOX is not set, so there is no folder to watch: set it to a folder and "
            "restart `./warehouse ui` (or `./warehouse serve`). A "
            "YYYYMMDD_pipe-delimited-export.zip (or a folder with "
            "studies.txt) dropped there is then built and published by build_warehouse."
        )
    return (
        f"Watches {inbox}: the newest complete YYYYMMDD_pipe-delimited-export.zip (or folder with "
        "studies.txt) dropped there is built and published by build_warehouse; older ones "
        "arriving with it are skipped, files still being copied wait."
    )


def run_request(export: Export) -> dg.RunRequest:
    """`build_warehouse` with the AACT source pointed at the export (flat files, whatever
    CTW_AACT_SOURCE says). Run config for a resource replaces the values its fields took from
    CTW_* variables (they fall back to the class defaults), so the encoding is passed on too."""
    config = {
        "kind": "flatfiles",
        "flatfiles_path": str(export.path),
        "encoding": settings.get("CTW_AACT_ENCODING"),
    }
    return dg.RunRequest(
        run_key=export.run_key,
        run_config={"resources": {"aact": {"config": config}}},
        tags={
            "ctw/trigger": "aact_inbox",
            "ctw/aact_export": export.name,
            "ctw/aact_export_date": export.export_date or "",
        },
    )


@dg.sensor(
    name="aact_inbox",
    job=build_warehouse_job,
    default_status=inbox_status(),
    minimum_interval_seconds=60,
    description=inbox_description(),
)
def aact_inbox(context: dg.SensorEvaluationContext):
    inbox = settings.get(INBOX_ENV)
    if not inbox:
        return dg.SkipReason("CTW_AACT_INBOX is not set: no folder to watch")
    if "aact" not in settings.sources():
        return dg.SkipReason(
            f"CTW_SOURCES={settings.get('CTW_SOURCES')} leaves AACT out: add aact to build the "
            "exports dropped in the inbox"
        )
    folder = Path(inbox)
    if not folder.is_dir():
        return dg.SkipReason(f"CTW_AACT_INBOX={inbox}: no such folder")
    decision = decide(list_inbox(folder), InboxCursor.from_json(context.cursor))
    for line in decision.lines():
        context.log.info(line)
    if decision.load is None:
        return dg.SensorResult(
            skip_reason="; ".join(decision.lines()) or f"no new export in {folder}",
            cursor=decision.cursor.to_json(),
        )
    return dg.SensorResult(
        run_requests=[run_request(decision.load)], cursor=decision.cursor.to_json()
    )
