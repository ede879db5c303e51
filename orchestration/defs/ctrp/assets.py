"""NCI CTRP documents, written after every published build when a trial sheet is set
(CTW_CTRP_TRIALS): one per sheet entry, from the live warehouse's `marts.ctrp_trial_fields`.
Without a sheet nothing here exists, so the warehouse build is what it was."""

import dagster as dg

from orchestration import settings
from orchestration.ctrp.fields import TrialFieldsError
from orchestration.ctrp.store import CtrpStore
from orchestration.ctrp.write import write_documents
from orchestration.defs.ctrp.jobs import build_submit_job
from orchestration.defs.resources import CtrpResource, WarehouseResource
from orchestration.defs.warehouse.assets import LIVE_WAREHOUSE

CTRP_GROUP = "ctrp"
DOCUMENTS = dg.AssetKey(["ctrp", "documents"])


def ctrp_enabled() -> bool:
    return bool(settings.get("CTW_CTRP_TRIALS"))


def build_ctrp_assets() -> tuple[dg.AssetsDefinition, dg.AssetChecksDefinition]:
    """The documents asset and its check (built only when a trial sheet is set)."""

    @dg.asset(
        key=DOCUMENTS,
        group_name=CTRP_GROUP,
        kinds={"xml", "duckdb"},
        deps=[LIVE_WAREHOUSE],
        description="One CTRP document per entry of the trial sheet (CTW_CTRP_TRIALS) and per "
        "participating site, written to CTW_CTRP_DIR/<NCT id>/<Root>.xml (sites: "
        "<NCT id>/sites/<po|ctep>-<id>.xml) from the live warehouse, and recorded in "
        "CTW_CTRP_DIR/ctrp.duckdb (table documents) with method, URL, sha256 and status ready, "
        "blocked (with the problems) or invalid. The `submit_ctrp` job sends the ready ones.",
    )
    def ctrp_documents(
        context: dg.AssetExecutionContext, ctrp: CtrpResource, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        sheet = ctrp.sheet()
        store = warehouse.store()
        try:
            report = write_documents(
                sheet,
                store.query_with_columns,
                ctrp.documents_dir(),
                on_document=lambda written: context.log.info(written.line()),
            )
        except TrialFieldsError as exc:
            raise dg.Failure(description=f"{store.describe()}: {exc}") from exc
        context.log.info(report.line())
        problems = [p for w in report.written for p in w.document.problems]
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": len(report.written),
                "summary": report.line(),
                **report.counts(),
                "operations": dg.MetadataValue.json(report.by_operation()),
                "trial_sheet": str(sheet.path),
                "directory": str(ctrp.documents_dir()),
                "problems": dg.MetadataValue.md(
                    "\n".join(f"- {p}" for p in problems[:50]) or "none"
                ),
            }
        )

    @dg.asset_check(
        asset=DOCUMENTS,
        description="No document fails CTRP's schema (ws.xsd): an invalid one is a defect of the "
        "writer or of the sheet's values, never sent. Blocked documents are expected (their "
        "problems name what the trial office has to supply).",
    )
    def no_invalid_documents(ctrp: CtrpResource) -> dg.AssetCheckResult:
        with CtrpStore(ctrp.documents_dir()) as store:
            invalid = [row for row in store.documents() if row.status == "invalid"]
        return dg.AssetCheckResult(
            passed=not invalid,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "invalid": len(invalid),
                "first": dg.MetadataValue.md(
                    "\n".join(f"- {p}" for row in invalid[:5] for p in row.problems[:3]) or "none"
                ),
            },
        )

    return ctrp_documents, no_invalid_documents


@dg.definitions
def defs() -> dg.Definitions:
    if not ctrp_enabled():
        return dg.Definitions()
    documents, check = build_ctrp_assets()
    return dg.Definitions(assets=[documents], asset_checks=[check], jobs=[build_submit_job()])
