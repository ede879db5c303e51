"""ClinicalTrials.gov API v2: the local mirror of the selected studies, kept up to date by
incremental syncs (the build reads the mirror, never the API)."""

import dagster as dg
from pydantic import Field

from orchestration.ctgov.client import CtgovApiError
from orchestration.ctgov.mirror import CtgovMirror
from orchestration.ctgov.sync import sync_selection
from orchestration.defs.ctgov.synced_selection import MIRROR, SELECTION_PARAMS
from orchestration.defs.freshness import warehouse_freshness_policy
from orchestration.defs.progress import run_progress
from orchestration.defs.resources import CtgovResource

CTGOV_GROUP = "ctgov"


class CtgovSyncConfig(dg.Config):
    """Launchpad options for one run."""

    full: bool = Field(
        default=False, description="fetch every study again instead of only the changes"
    )
    params: str | None = Field(
        default=None,
        description="the selection as an API v2 query string, e.g. "
        "'query.cond=melanoma&filter.overallStatus=RECRUITING' (default: CTW_CTGOV_PARAMS); "
        "a build in the same run loads this selection",
    )


def build_mirror_asset() -> dg.AssetsDefinition:
    """The mirror's asset; built per load of the code location, as its freshness policy depends on
    the sources chosen then (CTW_SOURCES)."""

    @dg.asset(
        key=MIRROR,
        group_name=CTGOV_GROUP,
        kinds={"duckdb", "json"},
        freshness_policy=warehouse_freshness_policy(),
        description="Raw API v2 JSON of every study of the selection (CTW_CTGOV_PARAMS), "
        "compressed, one row per study with its version dates; the first sync is full, later ones "
        "fetch only studies updated since the last high-water mark and sweep withdrawn ones.",
        check_specs=[
            dg.AssetCheckSpec(
                "records_are_api_v2_studies",
                asset=MIRROR,
                description="Every record the sync received is an API v2 study with an NCT id; the "
                "others (classic-API records, studies without an id) are in the mirror's rejects "
                "table with the reason, and the rest of their page is stored.",
            )
        ],
    )
    def ctgov_mirror(
        context: dg.AssetExecutionContext, config: CtgovSyncConfig, ctgov: CtgovResource
    ) -> dg.MaterializeResult:
        selection = ctgov.selection(config.params)
        try:
            with ctgov.client() as client, CtgovMirror(selection.mirror_path) as mirror:
                report = sync_selection(
                    client,
                    mirror,
                    selection.params,
                    full=config.full,
                    progress=run_progress(context),
                )
        except CtgovApiError as exc:
            raise dg.Failure(
                description=f"{exc} (the next run resumes from the last committed page)"
            ) from exc
        context.log.info(report.line())
        for rejected in report.rejected[:20]:
            context.log.warning(f"rejected {rejected}")
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": report.mirrored,
                "mode": report.mode,
                "resumed": report.resumed,
                "pages": report.pages,
                "studies_fetched": report.studies,
                "removed": report.removed,
                "id_sweep": "done"
                if report.id_sweep
                else "skipped (the full sync listed every id)",
                "rejected": len(report.rejected),
                "requests": report.requests,
                "rate_per_minute": round(report.rate_per_minute or 0.0, 1),
                "data_timestamp": report.data_timestamp or "",
                "updated_since": report.updated_since or "",
                "selection": str(selection.params or "whole registry"),
                SELECTION_PARAMS: dg.MetadataValue.json(selection.params),
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name="records_are_api_v2_studies",
                    passed=not report.rejected,
                    severity=dg.AssetCheckSeverity.ERROR,
                    metadata={
                        "rejected": len(report.rejected),
                        "first": dg.MetadataValue.md(
                            "\n".join(f"- {r}" for r in report.rejected[:10]) or "none"
                        ),
                        "rejects_table": f"{selection.mirror_path}: rejects",
                    },
                )
            ],
        )

    return ctgov_mirror


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[build_mirror_asset()])
