"""The warehouse follows its sources declaratively: once the CT.gov mirror is synced by a run that
did not also build (the job `sync_ctgov`, or the mirror materialized on its own), the automation
sensor requests the raw tables, every dbt model and the publish step on the same tick.

A build is one run: the raw tables open a build slot tied to the run id, and the dbt models and
publish refuse to run in a run without one. Plain `AutomationCondition.eager()` breaks that in two
ways (tests/test_dagster_automation.py): it requests dbt models alone after a build stopped past
its raw tables (their parents updated, they did not), and the raw tables, a non-subsettable
multi-asset, are widened to all their keys only once the key that fired (ctgov/*, behind the
mirror) has been evaluated, after the `stg_aact__*` models on the same topological level: those
were left out of the tick, so the build would lack them. So:

- every raw table fires on the mirror's update itself (not through a dependency), so all of them
  are requested whatever order the keys are evaluated in;
- every dbt model and the publish step are requested only when a parent will be requested on
  this tick: a model never runs without the raw tables of its own run;
- every dbt test (an asset check) likewise: the sensor's run names the checks it runs, and once
  the raw tables' own checks are named, a dbt test not requested would not run.
"""

import dagster as dg

from orchestration import settings
from orchestration.defs.ctgov.assets import MIRROR

_mirror_synced = dg.AutomationCondition.asset_matches(
    MIRROR, dg.AutomationCondition.newly_updated()
).with_label("ctgov/mirror updated")

# Reset when the raw tables are requested or updated: a run that synced and built
# (sync_ctgov_and_build) updates them after the mirror, so it starts no second build.
RAW_TABLES_CONDITION = (
    _mirror_synced.since_last_handled()
    & ~dg.AutomationCondition.in_progress()
    & ~dg.AutomationCondition.asset_matches(MIRROR, dg.AutomationCondition.in_progress())
).with_label("after a ctgov/mirror sync")

BUILT_WITH_ITS_SOURCES = dg.AutomationCondition.any_deps_match(
    dg.AutomationCondition.will_be_requested()
).with_label("a parent is requested on this tick (same run)")

AUTOMATION_RUN_TAGS = {"ctw/trigger": "ctgov_mirror_synced"}


def automation_status() -> dg.DefaultSensorStatus:
    """On when CT.gov is a source (like the weekday refresh): a sync then builds and publishes."""
    if "ctgov" in settings.sources():
        return dg.DefaultSensorStatus.RUNNING
    return dg.DefaultSensorStatus.STOPPED


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        sensors=[
            # Dagster's own name for it, so its documentation's "toggle on the
            # default_automation_condition_sensor" applies; defined here for its default status.
            dg.AutomationConditionSensorDefinition(
                "default_automation_condition_sensor",
                target=dg.AssetSelection.all(),
                default_status=automation_status(),
                run_tags=AUTOMATION_RUN_TAGS,
                description="Builds and publishes the warehouse after a sync of the CT.gov mirror "
                "that did not build (the job sync_ctgov): raw tables, every dbt model and "
                "warehouse/live in one run. On by default when CTW_SOURCES includes ctgov.",
            )
        ],
        # Runs the sensor launches (and assets materialized from the UI's graph) run every step
        # in one process, like the jobs: the code location is imported once per run.
        executor=dg.in_process_executor,
    )
