"""Which selection the CT.gov mirror was synced with earlier in a run: a sync-and-build run
launched with its own `params` builds what it synced."""

import dagster as dg

MIRROR = dg.AssetKey(["ctgov", "mirror"])
SELECTION_PARAMS = "selection_params"  # the mirror's materialization metadata


def selection_synced_in_run(context: dg.AssetExecutionContext) -> dict[str, str] | None:
    event = context.instance.get_latest_materialization_event(MIRROR)
    if event is None or event.run_id != context.run.run_id:
        return None
    return event.asset_materialization.metadata[SELECTION_PARAMS].value
