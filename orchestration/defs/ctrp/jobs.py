"""`submit_ctrp`: sends the ready CTRP documents to the registration service. A job of its own,
never part of a build: registering a trial is a decision of the trial office, not a refresh."""

import dagster as dg
from pydantic import Field

from orchestration.ctrp.client import CtrpConnectionError
from orchestration.ctrp.store import CtrpStore
from orchestration.ctrp.submit import submit_documents
from orchestration.defs.resources import CtrpResource


class CtrpSubmitConfig(dg.Config):
    """Launchpad options."""

    nct_ids: list[str] = Field(
        default_factory=list, description="send only these trials' documents (default: all)"
    )
    dry_run: bool = Field(default=False, description="log method, URL and file; send nothing")


def build_submit_job() -> dg.JobDefinition:
    """The job (built on demand: it exists only when a trial sheet is set)."""

    @dg.op(description="Send every ready CTRP document not yet settled; record CTRP's answers.")
    def submit_ctrp_documents(
        context: dg.OpExecutionContext, config: CtrpSubmitConfig, ctrp: CtrpResource
    ) -> None:
        client = None if config.dry_run else ctrp.client()
        try:
            with CtrpStore(ctrp.documents_dir()) as store:
                report = submit_documents(
                    store, client, ctrp.base_url, config.nct_ids, config.dry_run, context.log.info
                )
        except CtrpConnectionError as exc:
            raise dg.Failure(description=f"CTRP could not be reached: {exc}") from exc
        finally:
            if client is not None:
                client.close()
        if not report.ok:
            raise dg.Failure(
                description="\n".join(report.lines[-20:]),
                metadata={"sent": report.sent, "confirmed": report.confirmed},
            )

    @dg.job(
        name="submit_ctrp",
        description="Send the ready CTRP documents (written by the ctrp/documents asset) to "
        "CTW_CTRP_BASE_URL; NCI ids CTRP confirms are stored, and later documents update the "
        "trial by them. A document CTRP already settled is not sent again.",
    )
    def submit_ctrp():
        submit_ctrp_documents()

    return submit_ctrp
