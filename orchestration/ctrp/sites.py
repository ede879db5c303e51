"""Participating sites: one request per site of the trial sheet, as the service's own test suite
writes them (ParticipatingSite: status and date, the site's trial id, program codes, accrual
dates and target, the principal investigator as primary contact, the organisation).

A site is added (`POST /trials/{id type}/{id}/sites`) once the trial is registered, so the URL
is known only then; `{trial}` stands for it until CTRP confirms the registration. A site CTRP
has taken is updated (`PUT /trials/{id type}/{id}/sites/{po|ctep}/{org id}`, a
ParticipatingSiteUpdate, which names no organisation) when its sheet entry changes; while it is
unchanged its request is the one last settled, and is not sent again."""

from __future__ import annotations

from orchestration.ctrp import vocabulary as v
from orchestration.ctrp.documents import OPERATIONS, Document, context_of, finish
from orchestration.ctrp.elements import Writer
from orchestration.ctrp.sheet import Center, Site, TrialEntry
from orchestration.ctrp.trial_ids import Confirmed, TrialRef, trial_ref

PRINCIPAL_INVESTIGATOR = "Principal Investigator"


def build_site_document(
    entry: TrialEntry,
    site: Site,
    confirmed: Confirmed | None = None,
    settled: str | None = None,
    center: Center | None = None,
) -> Document:
    """The request for one site of `entry`: an addition, or an update when CTRP has taken the
    site already (`settled`: the sha256 of its last request CTRP settled) and it has changed
    since."""
    addition = _site_document(entry, site, "site_registration", confirmed, center)
    if settled is not None and addition.sha256 != settled:
        return _site_document(entry, site, "site_update", confirmed, center)
    return addition


def _site_document(
    entry: TrialEntry, site: Site, operation: str, confirmed: Confirmed | None, center
) -> Document:
    root, method, template = OPERATIONS[operation]
    ref = trial_ref(entry, confirmed)
    writer = Writer(f"{entry.nct_id}: site {site.key}", root)
    if isinstance(ref, str):
        writer.problem("trial id", ref)
    _site_elements(writer, site)
    if operation == "site_registration":
        writer.party("organization", "existingOrganization", site.organization, "organization")
    content, status, problems = finish(writer, context_of(entry, center, site.organization))
    trial = str(ref) if isinstance(ref, TrialRef) else "{trial}"
    organization = f"{site.organization.kind}/{site.organization.value}"
    return Document(
        nct_id=entry.nct_id,
        mode=entry.mode,
        operation=operation,
        method=method,
        url_path=template.format(trial=trial, site=organization),
        content=content,
        status=status,
        problems=problems,
        trial=str(ref) if isinstance(ref, TrialRef) else None,
        site=site.key,
    )


def _site_elements(w: Writer, site: Site) -> None:
    """BaseParticipatingSite, in the schema's order."""
    statuses = ", ".join(v.enumeration("RecruitmentStatus"))
    w.text("recruitmentStatus", site.status, f"not in the trial sheet (sites: status: {statuses})")
    w.day("recruitmentStatusDate", site.status_date, None, "not in the trial sheet (status_date)")
    w.text(
        "localTrialIdentifier",
        site.local_trial_id,
        "not in the trial sheet (sites: local_trial_id, the site's own id for the trial)",
    )
    w.text("programCode", ";".join(site.program_codes))
    w.day("openedForAccrual", site.opened_for_accrual, None, None)
    w.day("closedForAccrual", site.closed_for_accrual, None, None)
    if site.target_accrual is not None:
        w.add("targetAccrualNumber", str(site.target_accrual))
    if site.principal_investigator is None:
        w.problem(
            "investigator",
            "no principal investigator in the trial sheet "
            "(sites: principal_investigator: po:<id> or ctep:<id>)",
        )
        return
    investigator = w.add("investigator")
    w.party("person", "existingPerson", site.principal_investigator, "", parent=investigator)
    w.add("role", PRINCIPAL_INVESTIGATOR, investigator)
    w.add("primaryContact", "true", investigator)
