"""What a failed build run does on its way out, however it was started (CLI, UI, schedule,
sensor): its build slot is discarded, so a failed build leaves nothing behind (a full AACT load
is gigabytes) and the live warehouse is as it was."""

import dagster as dg

from orchestration.warehouse.builds import WarehouseStateError


@dg.failure_hook(required_resource_keys={"warehouse"})
def discard_failed_build(context: dg.HookContext) -> None:
    """A step failed: nothing of this build will be published; its slot goes now."""
    store = context.resources.warehouse.store()
    try:
        build_id = store.slot_build_id()
        if build_id is not None and store.lock().held():
            store.discard()
            context.log.info(f"build {build_id} failed at {context.step_key}: its slot discarded")
    except WarehouseStateError as exc:
        context.log.warning(f"the failed build's leftovers were not removed: {exc}")
