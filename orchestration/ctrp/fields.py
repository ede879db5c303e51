"""What the warehouse knows of a trial in CTRP's words: the rows of `marts.ctrp_trial_fields`
(dbt maps AACT's labels and API v2 codes to CTRP's vocabulary there), read from the live
warehouse, with the trial sheet's overrides applied on top."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from orchestration.ctrp.sheet import TrialEntry

MART = "marts.ctrp_trial_fields"


@dataclass(frozen=True)
class TrialFields:
    """One row of the mart (column names as there)."""

    nct_id: str
    org_study_id: str | None
    title: str | None
    ctrp_design: str | None
    ctrp_phase: str
    ctrp_primary_purpose: str | None
    ctrp_study_model: str | None
    ctrp_time_perspective: str | None
    ctrp_trial_status: str | None
    is_registrable: bool
    not_registrable_reason: str | None
    why_stopped: str | None
    status_date: date | None
    start_date: date | None
    start_date_type: str | None
    primary_completion_date: date | None
    primary_completion_date_type: str | None
    completion_date: date | None
    completion_date_type: str | None


COLUMNS = tuple(TrialFields.__dataclass_fields__)

Query = Callable[[str], tuple[list[str], list[tuple]]]


class TrialFieldsError(RuntimeError):
    """The warehouse has no readable CTRP mart (not built yet, or built before it existed)."""


def read_trial_fields(query: Query, nct_ids: Iterable[str]) -> dict[str, TrialFields]:
    """{nct_id: fields} of the studies the warehouse has among `nct_ids` (NCT ids are checked
    by the sheet, so they are safe to quote)."""
    wanted = sorted(set(nct_ids))
    if not wanted:
        return {}
    ids = ", ".join(f"'{nct_id}'" for nct_id in wanted)
    try:
        columns, rows = query(f"select {', '.join(COLUMNS)} from {MART} where nct_id in ({ids})")
    except Exception as exc:  # the database's own error: no such table, no warehouse, …
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        hint = (
            ""
            if "./warehouse build" in first
            else "; the mart is built when CTW_CTRP_TRIALS names a trial sheet: set it, then "
            "run `./warehouse build`"
        )
        raise TrialFieldsError(f"{MART} cannot be read ({first}){hint}") from exc
    return {row[0]: TrialFields(**dict(zip(columns, row, strict=True))) for row in rows}


def with_overrides(fields: TrialFields, entry: TrialEntry) -> TrialFields:
    """The warehouse's fields with what the trial sheet says instead."""
    overrides = entry.overrides
    changes = {
        "ctrp_primary_purpose": overrides.primary_purpose,
        "status_date": overrides.status_date,
        "why_stopped": overrides.why_stopped,
    }
    return replace(fields, **{key: value for key, value in changes.items() if value is not None})
