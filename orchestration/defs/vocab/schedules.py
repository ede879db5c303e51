"""Monthly: the current MeSH, ChEMBL, EFO and gilda's MeSH mappings fetched into CTW_VOCAB_DIR,
an hour before the monthly AACT reload builds with them. Networked, so off until a user has
fetched once by hand (`./warehouse vocab fetch`): a first fetch of a few hundred MB is theirs to
start."""

from pathlib import Path

import dagster as dg

from orchestration import settings
from orchestration.defs.vocab.assets import VOCAB_FILES_GROUP
from orchestration.settings import REGISTRY_TIMEZONE
from orchestration.vocab.manifest import MANIFEST

fetch_vocabularies_job = dg.define_asset_job(
    "fetch_vocabularies",
    selection=dg.AssetSelection.groups(VOCAB_FILES_GROUP),
    executor_def=dg.in_process_executor,
    description="Fetch the current MeSH, ChEMBL, EFO and gilda's MeSH mappings into "
    "CTW_VOCAB_DIR (unchanged files are not downloaded again); the next build reads them.",
)


def fetch_status() -> dg.DefaultScheduleStatus:
    """On once CTW_VOCAB_DIR has a manifest (the user fetched by hand); else off."""
    directory = settings.get("CTW_VOCAB_DIR")
    if directory and (Path(directory) / MANIFEST).is_file():
        return dg.DefaultScheduleStatus.RUNNING
    return dg.DefaultScheduleStatus.STOPPED


vocab_monthly_fetch = dg.ScheduleDefinition(
    name="vocab_monthly_fetch",
    job=fetch_vocabularies_job,
    cron_schedule=settings.get("CTW_VOCAB_SCHEDULE"),
    execution_timezone=REGISTRY_TIMEZONE,
    default_status=fetch_status(),
    description="Fetch the current MeSH, ChEMBL, EFO and gilda's MeSH mappings (the job "
    "fetch_vocabularies; CTW_VOCAB_SCHEDULE, default 02:00 New York on the 1st, before the "
    "AACT reload). On by default once `./warehouse vocab fetch` has run.",
)
