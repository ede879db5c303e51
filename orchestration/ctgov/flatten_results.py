"""API v2 results section → AACT's results tables (result groups, outcomes and their
measurements, counts and analyses, participant flow, baseline, adverse events, …), one function
per table named as the table (see flatten.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from orchestration.ctgov.flatten_values import (
    Row,
    StudyRecord,
    as_float,
    as_list,
    dig,
)
from orchestration.ctgov.records import (
    aact_date_first_of_month,
)

# --- results tables -------------------------------------------------------------------------

# Study-level result groups: (results module, groups key, AACT result_type).
_GROUP_SOURCES = (
    ("baselineCharacteristicsModule", "groups", "Baseline"),
    ("participantFlowModule", "groups", "Participant Flow"),
    ("adverseEventsModule", "eventGroups", "Reported Event"),
)


def _study_groups(r: StudyRecord) -> list[tuple[str, int, dict]]:
    """(result_type, ordinal, group) of every study-level group, duplicates dropped as AACT."""
    out, seen = [], set()
    for module, key, result_type in _GROUP_SOURCES:
        for i, g in enumerate(as_list(dig(r.results, module, key))):
            fingerprint = (result_type, g.get("id"), g.get("title"), g.get("description"))
            if fingerprint not in seen:
                seen.add(fingerprint)
                out.append((result_type, i, g))
    return out


def _group_ids(r: StudyRecord, result_type: str) -> dict[str, int]:
    """ctgov_group_code → result_groups.id for one result type (the last duplicate wins)."""
    return {
        g.get("id"): r.id("result_groups", t, i) for t, i, g in _study_groups(r) if t == result_type
    }


def _outcome_measures(r: StudyRecord) -> list:
    return as_list(dig(r.results, "outcomeMeasuresModule", "outcomeMeasures"))


def _outcome_group_ids(r: StudyRecord, o: int, outcome: dict) -> dict[str, int]:
    """ctgov_group_code → id of the outcome's own result group (AACT links per outcome)."""
    return {
        g.get("id"): r.id("result_groups", "Outcome", o, j)
        for j, g in enumerate(as_list(outcome.get("groups")))
    }


def result_groups(r: StudyRecord) -> list[Row]:
    """Baseline, participant-flow and adverse-event groups, plus one set per outcome."""
    rows = [
        {
            "id": r.id("result_groups", t, i),
            "ctgov_group_code": g.get("id"),
            "result_type": t,
            "title": g.get("title"),
            "description": g.get("description"),
        }
        for t, i, g in _study_groups(r)
    ]
    for o, outcome in enumerate(_outcome_measures(r)):
        for j, g in enumerate(as_list(outcome.get("groups"))):
            rows.append(
                {
                    "id": r.id("result_groups", "Outcome", o, j),
                    "ctgov_group_code": g.get("id"),
                    "result_type": "Outcome",
                    "title": g.get("title"),
                    "description": g.get("description"),
                    "outcome_id": r.id("outcomes", o),  # AACT: the parent outcome's id
                }
            )
    return rows


def outcomes(r: StudyRecord) -> list[Row]:
    return [
        {
            "id": r.id("outcomes", o),
            "outcome_type": m.get("type"),
            "title": m.get("title"),
            "description": m.get("description"),
            "time_frame": m.get("timeFrame"),
            "population": m.get("populationDescription"),
            "anticipated_posting_date": aact_date_first_of_month(m.get("anticipatedPostingDate")),
            "anticipated_posting_month_year": m.get("anticipatedPostingDate"),
            "units": m.get("unitOfMeasure"),
            "units_analyzed": m.get("typeUnitsAnalyzed"),
            "dispersion_type": m.get("dispersionType"),
            "param_type": m.get("paramType"),
        }
        for o, m in enumerate(_outcome_measures(r))
    ]


def _measurement_cells(classes: list) -> Iterable[tuple[tuple, dict, dict, dict]]:
    """(path, class, category, measurement) of an outcome; like AACT, a class list whose first
    class has no categories yields one empty measurement per such class."""
    pad = bool(classes) and "categories" not in classes[0]
    for c, klass in enumerate(classes):
        categories = klass.get("categories")
        if categories is None and pad:
            categories = [{"measurements": [{}]}]
        for k, category in enumerate(as_list(categories)):
            for m, cell in enumerate(as_list(category.get("measurements"))):
                yield (c, k, m), klass, category, cell


def outcome_measurements(r: StudyRecord) -> list[Row]:
    rows = []
    for o, measure in enumerate(_outcome_measures(r)):
        groups = _outcome_group_ids(r, o, measure)
        for path, klass, category, cell in _measurement_cells(as_list(measure.get("classes"))):
            rows.append(
                {
                    "id": r.id("outcome_measurements", o, *path),
                    "outcome_id": r.id("outcomes", o),
                    "result_group_id": groups.get(cell.get("groupId")),
                    "ctgov_group_code": cell.get("groupId"),
                    "classification": klass.get("title"),
                    "category": category.get("title"),
                    "title": measure.get("title"),
                    "description": measure.get("description"),
                    "units": measure.get("unitOfMeasure"),
                    "param_type": measure.get("paramType"),
                    "param_value": cell.get("value"),
                    "param_value_num": as_float(cell.get("value")),
                    "dispersion_type": measure.get("dispersionType"),
                    "dispersion_value": cell.get("spread"),
                    "dispersion_value_num": as_float(cell.get("spread")),
                    "dispersion_lower_limit_raw": cell.get("lowerLimit"),
                    "dispersion_lower_limit": as_float(cell.get("lowerLimit")),
                    "dispersion_upper_limit_raw": cell.get("upperLimit"),
                    "dispersion_upper_limit": as_float(cell.get("upperLimit")),
                    "explanation_of_na": cell.get("comment"),
                }
            )
    return rows


def outcome_counts(r: StudyRecord) -> list[Row]:
    rows = []
    for o, measure in enumerate(_outcome_measures(r)):
        groups = _outcome_group_ids(r, o, measure)
        for d, denom in enumerate(as_list(measure.get("denoms"))):
            for n, count in enumerate(as_list(denom.get("counts"))):
                rows.append(
                    {
                        "id": r.id("outcome_counts", o, d, n),
                        "outcome_id": r.id("outcomes", o),
                        "result_group_id": groups.get(count.get("groupId")),
                        "ctgov_group_code": count.get("groupId"),
                        "scope": "Measure",
                        "units": denom.get("units"),
                        "count": count.get("value"),
                    }
                )
    return rows


def _p_value_modifier(value: str | None) -> str | None:
    return re.sub(r"[\d.-]", "", value).strip() if value is not None else None


def _p_value(value: str | None) -> float | None:
    return as_float(re.sub(r"[<> =]", "", value).strip()) if value is not None else None


def outcome_analyses(r: StudyRecord) -> list[Row]:
    """Statistical analyses; p-values split into AACT's modifier / number / raw text."""
    rows = []
    for o, measure in enumerate(_outcome_measures(r)):
        for a, x in enumerate(as_list(measure.get("analyses"))):
            rows.append(
                {
                    "id": r.id("outcome_analyses", o, a),
                    "outcome_id": r.id("outcomes", o),
                    "non_inferiority_type": x.get("nonInferiorityType"),
                    "non_inferiority_description": x.get("nonInferiorityComment"),
                    "param_type": x.get("paramType"),
                    "param_value": x.get("paramValue"),
                    "dispersion_type": x.get("dispersionType"),
                    "dispersion_value": x.get("dispersionValue"),
                    "p_value_modifier": _p_value_modifier(x.get("pValue")),
                    "p_value": _p_value(x.get("pValue")),
                    "p_value_raw": x.get("pValue"),
                    "p_value_description": x.get("pValueComment"),
                    "ci_n_sides": x.get("ciNumSides"),
                    "ci_percent": x.get("ciPctValue"),
                    "ci_lower_limit": x.get("ciLowerLimit"),
                    "ci_upper_limit": x.get("ciUpperLimit"),
                    "ci_lower_limit_raw": x.get("ciLowerLimit"),
                    "ci_upper_limit_raw": x.get("ciUpperLimit"),
                    "ci_upper_limit_na_comment": x.get("ciUpperLimitComment"),
                    "method": x.get("statisticalMethod"),
                    "method_description": x.get("statisticalComment"),
                    "estimate_description": x.get("estimateComment"),
                    "groups_description": x.get("groupDescription"),
                    "other_analysis_description": x.get("otherAnalysisDescription"),
                }
            )
    return rows


def outcome_analysis_groups(r: StudyRecord) -> list[Row]:
    rows = []
    for o, measure in enumerate(_outcome_measures(r)):
        groups = _outcome_group_ids(r, o, measure)
        for a, x in enumerate(as_list(measure.get("analyses"))):
            for g, code in enumerate(as_list(x.get("groupIds"))):
                rows.append(
                    {
                        "id": r.id("outcome_analysis_groups", o, a, g),
                        "outcome_analysis_id": r.id("outcome_analyses", o, a),
                        "result_group_id": groups.get(code),
                        "ctgov_group_code": code,
                    }
                )
    return rows


def participant_flows(r: StudyRecord) -> list[Row]:
    flow = r.results.get("participantFlowModule")
    if flow is None:
        return []
    return [
        {
            "id": r.id("participant_flows"),
            "recruitment_details": flow.get("recruitmentDetails"),
            "pre_assignment_details": flow.get("preAssignmentDetails"),
            "units_analyzed": flow.get("typeUnitsAnalyzed"),
        }
    ]


def _periods(r: StudyRecord) -> list:
    return as_list(dig(r.results, "participantFlowModule", "periods"))


def milestones(r: StudyRecord) -> list[Row]:
    groups = _group_ids(r, "Participant Flow")
    return [
        {
            "id": r.id("milestones", p, m, n),
            "result_group_id": groups.get(cell.get("groupId")),
            "ctgov_group_code": cell.get("groupId"),
            "title": milestone.get("type"),
            "period": period.get("title"),
            "description": cell.get("description"),
            "count": cell.get("numSubjects"),
            "milestone_description": milestone.get("comment"),
            "count_units": cell.get("numUnits"),
        }
        for p, period in enumerate(_periods(r))
        for m, milestone in enumerate(as_list(period.get("milestones")))
        for n, cell in enumerate(as_list(milestone.get("achievements")))
    ]


def drop_withdrawals(r: StudyRecord) -> list[Row]:
    groups = _group_ids(r, "Participant Flow")
    return [
        {
            "id": r.id("drop_withdrawals", p, d, n),
            "result_group_id": groups.get(cell.get("groupId")),
            "ctgov_group_code": cell.get("groupId"),
            "period": period.get("title"),
            "reason": drop.get("type"),
            "count": cell.get("numSubjects"),
            "drop_withdraw_comment": drop.get("comment"),
            "reason_comment": cell.get("comment"),
            "count_units": cell.get("numUnits"),
        }
        for p, period in enumerate(_periods(r))
        for d, drop in enumerate(as_list(period.get("dropWithdraws")))
        for n, cell in enumerate(as_list(drop.get("reasons")))
    ]


def _baseline(r: StudyRecord) -> dict:
    return r.results.get("baselineCharacteristicsModule") or {}


def baseline_counts(r: StudyRecord) -> list[Row]:
    groups = _group_ids(r, "Baseline")
    return [
        {
            "id": r.id("baseline_counts", d, n),
            "result_group_id": groups.get(count.get("groupId")),
            "ctgov_group_code": count.get("groupId"),
            "units": denom.get("units"),
            "scope": "overall",
            "count": count.get("value"),
        }
        for d, denom in enumerate(as_list(_baseline(r).get("denoms")))
        for n, count in enumerate(as_list(denom.get("counts")))
    ]


def _number_analyzed(baseline: dict, measure: dict, klass: dict, code: str | None) -> Any:
    """AACT's number_analyzed: the class or measure denominator of the selected units, else
    the study-level baseline count of those units."""
    units = measure.get("denomUnitsSelected") or "Participants"
    denoms = klass.get("denoms") or measure.get("denoms")
    if denoms is None:
        denoms = baseline.get("denoms")
    for denom in as_list(denoms):
        if denom.get("units") == units:
            for count in as_list(denom.get("counts")):
                if count.get("groupId") == code:
                    return count.get("value")
    return None


def baseline_measurements(r: StudyRecord) -> list[Row]:
    groups, baseline, rows = _group_ids(r, "Baseline"), _baseline(r), []
    for s, measure in enumerate(as_list(baseline.get("measures"))):
        for path, klass, category, cell in _measurement_cells(as_list(measure.get("classes"))):
            pct = measure.get("calculatePct")
            rows.append(
                {
                    "id": r.id("baseline_measurements", s, *path),
                    "result_group_id": groups.get(cell.get("groupId")),
                    "ctgov_group_code": cell.get("groupId"),
                    "classification": klass.get("title"),
                    "category": category.get("title"),
                    "title": measure.get("title"),
                    "description": measure.get("description"),
                    "units": measure.get("unitOfMeasure"),
                    "population_description": measure.get("populationDescription"),
                    "calculate_percentage": None if pct is None else ("Yes" if pct else "No"),
                    "param_type": measure.get("paramType"),
                    "param_value": cell.get("value"),
                    "param_value_num": as_float(cell.get("value")),
                    "dispersion_type": measure.get("dispersionType"),
                    "dispersion_value": cell.get("spread"),
                    "dispersion_value_num": as_float(cell.get("spread")),
                    "dispersion_lower_limit": as_float(cell.get("lowerLimit")),
                    "dispersion_upper_limit": as_float(cell.get("upperLimit")),
                    "explanation_of_na": cell.get("comment"),
                    "number_analyzed": _number_analyzed(
                        baseline, measure, klass, cell.get("groupId")
                    ),
                    "number_analyzed_units": measure.get("denomUnitsSelected") or "Participants",
                }
            )
    return rows


def reported_events(r: StudyRecord) -> list[Row]:
    """One row per adverse event term and group, serious then other."""
    module, groups, rows = (
        r.results.get("adverseEventsModule") or {},
        _group_ids(r, "Reported Event"),
        [],
    )
    for key, event_type in (("seriousEvents", "serious"), ("otherEvents", "other")):
        for e, event in enumerate(as_list(module.get(key))):
            for n, stat in enumerate(as_list(event.get("stats"))):
                rows.append(
                    {
                        "id": r.id("reported_events", event_type, e, n),
                        "result_group_id": groups.get(stat.get("groupId")),
                        "ctgov_group_code": stat.get("groupId"),
                        "time_frame": module.get("timeFrame"),
                        "event_type": event_type,
                        "subjects_affected": stat.get("numAffected"),
                        "subjects_at_risk": stat.get("numAtRisk"),
                        "description": module.get("description"),
                        "event_count": stat.get("numEvents"),
                        "organ_system": event.get("organSystem"),
                        "adverse_event_term": event.get("term"),
                        "frequency_threshold": module.get("frequencyThreshold"),
                        "vocab": event.get("sourceVocabulary"),
                        "assessment": event.get("assessmentType"),
                    }
                )
    return rows


_EVENT_TOTALS = (
    ("serious", "Total, serious adverse events"),
    ("other", "Total, other adverse events"),
    ("deaths", "Total, all-cause mortality"),
)


def reported_event_totals(r: StudyRecord) -> list[Row]:
    groups = as_list(dig(r.results, "adverseEventsModule", "eventGroups"))
    return [
        {
            "id": r.id("reported_event_totals", kind, i),
            "ctgov_group_code": g.get("id"),
            "event_type": kind,
            "classification": label,
            "subjects_affected": g.get(f"{kind}NumAffected"),
            "subjects_at_risk": g.get(f"{kind}NumAtRisk"),
        }
        for kind, label in _EVENT_TOTALS
        for i, g in enumerate(groups)
    ]


def result_agreements(r: StudyRecord) -> list[Row]:
    agreement = dig(r.results, "moreInfoModule", "certainAgreement")
    if agreement is None:
        return []
    return [
        {
            "id": r.id("result_agreements"),
            "pi_employee": agreement.get("piSponsorEmployee"),
            "restriction_type": agreement.get("restrictionType"),
            "restrictive_agreement": agreement.get("restrictiveAgreement"),
            "other_details": agreement.get("otherDetails"),
        }
    ]


def result_contacts(r: StudyRecord) -> list[Row]:
    contact = dig(r.results, "moreInfoModule", "pointOfContact")
    if contact is None:
        return []
    return [
        {
            "id": r.id("result_contacts"),
            "organization": contact.get("organization"),
            "name": contact.get("title"),
            "phone": contact.get("phone"),
            "email": contact.get("email"),
            "extension": contact.get("phoneExt"),
        }
    ]
