"""One ClinicalTrials.gov API v2 study record → rows of AACT's tables, the way AACT maps them.

The mapping follows AACT's own v2 loader (ctti-clinicaltrials/aact `add_mapping` blocks and
`StudyJsonRecord::Worker`), so warehouses built from the API and from AACT's dumps agree:
raw enum codes (`PHASE1/PHASE2`, `RECRUITING`), `*_month_year` kept as sent, dates of `YYYY-MM`
moved to the month's end (a year alone to the year's end), lead sponsor and collaborators in
one table, browse terms as `mesh-list` / `mesh-ancestor`, and per-outcome result groups that
outcome measurements, counts and analysis groups point to.

Each table's rows come from its own builder, so a caller builds only the tables it loads
(`flatten_study(study, tables)`): the CT.gov load asks for the tables the warehouse loads
(`load.CTGOV_TABLES`), the sample's derivation for the tables of the sample's files. The
builders of the other AACT tables stay, checked against AACT's golden rows, so loading another
table is a matter of naming it.

Where AACT's database assigns sequence ids, rows here get a stable 63-bit hash of
(table, nct_id, ordinal path): the same record always gives the same ids, so reloads and
incremental merges never reshuffle foreign keys. Every row has exactly the columns of its table
in AACT's DDL, typed per column kind for a typed COPY; browse rows also keep `mesh_id`, the
MeSH descriptor id that AACT drops (its DDL has no column for it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from orchestration.ctgov.flatten_protocol import (
    brief_summaries,
    browse_conditions,
    browse_interventions,
    central_contacts,
    conditions,
    countries,
    design_group_interventions,
    design_groups,
    design_outcomes,
    designs,
    detailed_descriptions,
    documents,
    eligibilities,
    facilities,
    facility_contacts,
    facility_investigators,
    id_information,
    intervention_other_names,
    interventions,
    ipd_information_types,
    keywords,
    links,
    overall_officials,
    pending_results,
    provided_documents,
    responsible_parties,
    retractions,
    sponsors,
    studies,
    study_references,
)
from orchestration.ctgov.flatten_results import (
    baseline_counts,
    baseline_measurements,
    drop_withdrawals,
    milestones,
    outcome_analyses,
    outcome_analysis_groups,
    outcome_counts,
    outcome_measurements,
    outcomes,
    participant_flows,
    reported_event_totals,
    reported_events,
    result_agreements,
    result_contacts,
    result_groups,
)
from orchestration.ctgov.flatten_values import Row, StudyRecord, row_id, study_record, typed_row
from orchestration.ctgov.record_types import type_mismatches
from orchestration.ctgov.records import CtgovRecordError

__all__ = ["TABLES", "CtgovRecordError", "flatten_study", "row_id"]

# --- entry point ----------------------------------------------------------------------------

_BUILDER_LIST: tuple[Callable[[StudyRecord], list[Row]], ...] = (
    studies,
    brief_summaries,
    detailed_descriptions,
    conditions,
    keywords,
    browse_conditions,
    browse_interventions,
    designs,
    design_groups,
    interventions,
    intervention_other_names,
    design_group_interventions,
    design_outcomes,
    eligibilities,
    id_information,
    sponsors,
    responsible_parties,
    overall_officials,
    central_contacts,
    facilities,
    facility_contacts,
    facility_investigators,
    countries,
    links,
    documents,
    ipd_information_types,
    study_references,
    retractions,
    pending_results,
    provided_documents,
    result_groups,
    outcomes,
    outcome_measurements,
    outcome_counts,
    outcome_analyses,
    outcome_analysis_groups,
    participant_flows,
    milestones,
    drop_withdrawals,
    baseline_counts,
    baseline_measurements,
    reported_events,
    reported_event_totals,
    result_agreements,
    result_contacts,
)

BUILDERS: dict[str, Callable[[StudyRecord], list[Row]]] = {b.__name__: b for b in _BUILDER_LIST}
# Every AACT table the mapping can build, in AACT's order.
TABLES: tuple[str, ...] = tuple(BUILDERS)


def builders_of(tables: Iterable[str]) -> tuple[tuple[str, Callable], ...]:
    """(table, builder) of each table; a table the mapping cannot build is named."""
    unknown = [t for t in tables if t not in BUILDERS]
    if unknown:
        raise ValueError(
            f"flatten: no API v2 mapping for table(s) {', '.join(unknown)} "
            f"(orchestration/ctgov/flatten.py maps {', '.join(TABLES)})"
        )
    return tuple((t, BUILDERS[t]) for t in tables)


def flatten_study(
    study: dict, tables: Iterable[str], *, position: object = None
) -> dict[str, list[Row]]:
    """{table: rows} of one API v2 study record for each of `tables` (each a key, possibly with
    no rows); the other tables are not built, so only their values can reject the record.

    Raises `CtgovRecordError` (a ValueError) naming the record (its NCT id, else `position`
    and its first keys) for a classic-API record or a study without an NCT id, and ValueError
    for a table the mapping does not know.
    """
    builders = builders_of(tables)
    record = study_record(study, position)
    rows_by_table = {}
    for table, builder in builders:
        try:
            rows_by_table[table] = [typed_row(table, record.nct_id, row) for row in builder(record)]
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # named by what is wrong in the record when a value has a type API v2 does not give it
            wrong = type_mismatches(study)
            why = "; ".join(wrong) if wrong else str(exc)
            raise CtgovRecordError(f"record {record.nct_id}: table {table}: {why}") from exc
    return rows_by_table
