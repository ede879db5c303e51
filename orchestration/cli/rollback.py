"""`./warehouse rollback [BUILD_ID] [--list]`: make a kept build live again, or list the live
and kept builds."""

from __future__ import annotations

from orchestration.cli.common import CliError, emptied_raw_warning, say, warehouse_store


def rollback(build_id: str | None, list_only: bool) -> int:
    from orchestration.warehouse.builds import WarehouseStateError
    from orchestration.warehouse.lock import BuildInProgress, LockUnavailable

    store = warehouse_store()
    try:
        if list_only:
            builds = store.builds()
            if not builds:
                say(f"{store.describe()}: no builds yet")
            for record in builds:
                say(record.line())
            return 0
        record = store.rollback(build_id)
    except BuildInProgress as exc:  # rollback has no --wait: say so, not the build's advice
        raise CliError(f"{exc.running}; roll back when it has finished") from None
    except (WarehouseStateError, LockUnavailable) as exc:
        raise CliError(str(exc)) from None
    say(f"Rolled back: build {record.build_id} is live again ({store.describe()}).")
    warning = emptied_raw_warning(store)
    if warning:
        say(warning)
    from orchestration.dagster_home import ensure_local_home
    from orchestration.runs import record_rollback
    from orchestration.warehouse.changes import live_recorded_mart_rows

    ensure_local_home()
    record_rollback(record, store.describe(), live_recorded_mart_rows(store, record.build_id))
    return 0
