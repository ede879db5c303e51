"""One ClinicalTrials.gov API v2 study record → rows of AACT's tables, the way AACT maps them.

The mapping follows AACT's own v2 loader (ctti-clinicaltrials/aact `add_mapping` blocks and
`StudyJsonRecord::Worker`), so warehouses built from the API and from AACT's dumps agree:
raw enum codes (`PHASE1/PHASE2`, `RECRUITING`), `*_month_year` kept as sent, dates of `YYYY-MM`
moved to the month's end (a year alone to the year's end), lead sponsor and collaborators in
one table, browse terms as `mesh-list` / `mesh-ancestor`, and per-outcome result groups that
outcome measurements, counts and analysis groups point to.

Where AACT's database assigns sequence ids, rows here get a stable 63-bit hash of
(table, nct_id, ordinal path): the same record always gives the same ids, so reloads and
incremental merges never reshuffle foreign keys. Every row has exactly the columns of its table
in AACT's DDL, typed per column kind for a typed COPY; browse rows also keep `mesh_id`, the
MeSH descriptor id that AACT drops (its DDL has no column for it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from orchestration.aact.schema import table_columns
from orchestration.ctgov.records import (
    CtgovRecordError,
    aact_date,
    aact_date_first_of_month,
    check_record,
)

__all__ = ["TABLES", "CtgovRecordError", "flatten_study", "row_id"]

Row = dict[str, Any]

# AACT stores booleans sent into text columns the way Rails casts them.
_RAILS_TEXT_BOOL = {True: "t", False: "f"}
_TRUE_WORDS = frozenset({"y", "yes", "true", "t", "1"})
_FALSE_WORDS = frozenset({"n", "no", "false", "f", "0"})
_INT_PREFIX = re.compile(r"\s*[+-]?\d+")
_FLOAT_PREFIX = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INVESTIGATOR_ROLE = re.compile(r"investigator|study.chair", re.I)


# --- ids, values and typing -----------------------------------------------------------------


def row_id(table: str, nct_id: str, *path: object) -> int:
    """A stable positive bigint for a row: the same (table, study, ordinal path) → the same id."""
    key = "\x1f".join([table, nct_id, *map(str, path)]).encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") >> 1


def _as_int(value: Any) -> int | None:
    """Rails' integer cast (the API sends counts as strings); no digits → None, not 0."""
    if isinstance(value, bool):
        return int(value)  # Rails casts true/false to 1/0
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    match = _INT_PREFIX.match(str(value))
    return int(match.group()) if match else None


def _as_float(value: Any) -> float | None:
    """Rails' float cast (a numeric prefix); no number at all → None rather than Ruby's 0.0."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except ValueError:
        match = _FLOAT_PREFIX.match(str(value))
        return float(match.group()) if match else None


def _as_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    return True if word in _TRUE_WORDS else False if word in _FALSE_WORDS else None


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return _RAILS_TEXT_BOOL[value]
    return str(value)


def _as_date(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return aact_date(str(value))


def _as_timestamp(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))


_CASTS: dict[str, Callable[[Any], Any]] = {
    "text": _as_text,
    "integer": _as_int,
    "float": _as_float,
    "boolean": _as_bool,
    "date": _as_date,
    "timestamp": _as_timestamp,
}


def typed_row(table: str, nct_id: str, values: Row) -> Row:
    """Exactly the DDL's columns of `table` (missing → None), each cast to its column kind."""
    row = {c.name: _CASTS[c.kind](values.get(c.name)) for c in table_columns(table)}
    if "nct_id" in row:
        row["nct_id"] = nct_id
    return row


def _dig(node: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _items(value: Any) -> list:
    """AACT treats a single object where a list is expected as a list of one."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _downcase(value: Any) -> str | None:
    return value.lower() if isinstance(value, str) else None


# --- the record -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    nct_id: str
    protocol: dict
    derived: dict
    results: dict
    annotation: dict
    documents: dict

    def id(self, table: str, *path: object) -> int:
        return row_id(table, self.nct_id, *path)


def _record(study: Any, position: object) -> _Record:
    nct_id = check_record(study, position)
    return _Record(
        nct_id=nct_id,
        protocol=study.get("protocolSection") or {},
        derived=study.get("derivedSection") or {},
        results=study.get("resultsSection") or {},
        annotation=study.get("annotationSection") or {},
        documents=study.get("documentSection") or {},
    )


# --- protocol tables ------------------------------------------------------------------------


def studies(r: _Record) -> list[Row]:
    """The one `studies` row; `*_month_year` keep the sent string, `*_date` is AACT's date."""
    p, status = r.protocol, r.protocol.get("statusModule") or {}
    design, ident = p.get("designModule") or {}, p.get("identificationModule") or {}
    oversight, ipd = p.get("oversightModule") or {}, p.get("ipdSharingStatementModule") or {}
    access = status.get("expandedAccessInfo") or {}
    access_types = design.get("expandedAccessTypes") or {}
    arms = _dig(p, "armsInterventionsModule", "armGroups")
    interventional = bool(re.search("interventional", design.get("studyType") or "", re.I))
    phases = design.get("phases")

    def struct(name: str) -> dict:
        return status.get(name) or {}

    row = {
        "study_first_submitted_date": aact_date(status.get("studyFirstSubmitDate")),
        "study_first_submitted_qc_date": aact_date(status.get("studyFirstSubmitQcDate")),
        "study_first_posted_date": aact_date(struct("studyFirstPostDateStruct").get("date")),
        "study_first_posted_date_type": struct("studyFirstPostDateStruct").get("type"),
        "results_first_submitted_date": aact_date(status.get("resultsFirstSubmitDate")),
        "results_first_submitted_qc_date": aact_date(status.get("resultsFirstSubmitQcDate")),
        "results_first_posted_date": aact_date(struct("resultsFirstPostDateStruct").get("date")),
        "results_first_posted_date_type": struct("resultsFirstPostDateStruct").get("type"),
        "disposition_first_submitted_date": aact_date(status.get("dispFirstSubmitDate")),
        "disposition_first_submitted_qc_date": aact_date(status.get("dispFirstSubmitQcDate")),
        "disposition_first_posted_date": aact_date(struct("dispFirstPostDateStruct").get("date")),
        "disposition_first_posted_date_type": struct("dispFirstPostDateStruct").get("type"),
        "last_update_submitted_date": aact_date(status.get("lastUpdateSubmitDate")),
        # AACT fills the QC date from lastUpdateSubmitDate too (the API has no separate field).
        "last_update_submitted_qc_date": aact_date(status.get("lastUpdateSubmitDate")),
        "last_update_posted_date": aact_date(struct("lastUpdatePostDateStruct").get("date")),
        "last_update_posted_date_type": struct("lastUpdatePostDateStruct").get("type"),
        "verification_month_year": status.get("statusVerifiedDate"),
        "verification_date": aact_date(status.get("statusVerifiedDate")),
        "baseline_population": _dig(
            r.results, "baselineCharacteristicsModule", "populationDescription"
        ),
        "brief_title": ident.get("briefTitle"),
        "official_title": ident.get("officialTitle"),
        "acronym": ident.get("acronym"),
        "overall_status": status.get("overallStatus"),
        "last_known_status": status.get("lastKnownStatus"),
        "why_stopped": status.get("whyStopped"),
        "delayed_posting": status.get("delayedPosting"),
        "phase": "/".join(phases) if isinstance(phases, list) else None,
        "enrollment": _dig(design, "enrollmentInfo", "count"),
        "enrollment_type": _dig(design, "enrollmentInfo", "type"),
        "source": _dig(ident, "organization", "fullName"),
        "source_class": _dig(ident, "organization", "class"),
        "limitations_and_caveats": _dig(
            r.results, "moreInfoModule", "limitationsAndCaveats", "description"
        ),
        "number_of_arms": len(arms) if interventional and arms is not None else None,
        "number_of_groups": len(arms) if not interventional and arms is not None else None,
        "target_duration": design.get("targetDuration"),
        "study_type": design.get("studyType"),
        "has_expanded_access": access.get("hasExpandedAccess"),
        "expanded_access_nctid": access.get("nctId"),
        "expanded_access_status_for_nctid": access.get("statusForNctId"),
        "expanded_access_type_individual": access_types.get("individual"),
        "expanded_access_type_intermediate": access_types.get("intermediate"),
        "expanded_access_type_treatment": access_types.get("treatment"),
        "has_dmc": oversight.get("oversightHasDmc"),
        "is_fda_regulated_drug": oversight.get("isFdaRegulatedDrug"),
        "is_fda_regulated_device": oversight.get("isFdaRegulatedDevice"),
        "is_unapproved_device": oversight.get("isUnapprovedDevice"),
        "is_ppsd": oversight.get("isPpsd"),
        "is_us_export": oversight.get("isUsExport"),
        "fdaaa801_violation": oversight.get("fdaaa801Violation"),
        "biospec_retention": _dig(design, "bioSpec", "retention"),
        "biospec_description": _dig(design, "bioSpec", "description"),
        "plan_to_share_ipd": ipd.get("ipdSharing"),
        "plan_to_share_ipd_description": ipd.get("description"),
        "ipd_time_frame": ipd.get("timeFrame"),
        "ipd_access_criteria": ipd.get("accessCriteria"),
        "ipd_url": ipd.get("url"),
        "baseline_type_units_analyzed": _dig(
            r.results, "baselineCharacteristicsModule", "typeUnitsAnalyzed"
        ),
    }
    for prefix, name in (
        ("start", "startDateStruct"),
        ("completion", "completionDateStruct"),
        ("primary_completion", "primaryCompletionDateStruct"),
    ):
        row[f"{prefix}_month_year"] = struct(name).get("date")
        row[f"{prefix}_date"] = aact_date(struct(name).get("date"))
        row[f"{prefix}_date_type"] = struct(name).get("type")
    return [row]


def _description_row(r: _Record, table: str, key: str) -> list[Row]:
    module = r.protocol.get("descriptionModule")
    if module is None:
        return []
    return [{"id": r.id(table), "description": module.get(key)}]


def brief_summaries(r: _Record) -> list[Row]:
    return _description_row(r, "brief_summaries", "briefSummary")


def detailed_descriptions(r: _Record) -> list[Row]:
    return _description_row(r, "detailed_descriptions", "detailedDescription")


def _names(r: _Record, table: str, values: Any) -> list[Row]:
    return [
        {"id": r.id(table, i), "name": v, "downcase_name": _downcase(v)}
        for i, v in enumerate(_items(values))
    ]


def conditions(r: _Record) -> list[Row]:
    return _names(r, "conditions", _dig(r.protocol, "conditionsModule", "conditions"))


def keywords(r: _Record) -> list[Row]:
    return _names(r, "keywords", _dig(r.protocol, "conditionsModule", "keywords"))


def _browse(r: _Record, table: str, module: str) -> list[Row]:
    """MeSH terms then their ancestors; `mesh_id` keeps the descriptor id AACT drops."""
    rows = []
    for kind, mesh_type in (("meshes", "mesh-list"), ("ancestors", "mesh-ancestor")):
        for i, term in enumerate(_items(_dig(r.derived, module, kind))):
            rows.append(
                {
                    "id": r.id(table, kind, i),
                    "mesh_term": term.get("term"),
                    "downcase_mesh_term": _downcase(term.get("term")),
                    "mesh_type": mesh_type,
                    "mesh_id": term.get("id"),
                }
            )
    return rows


def browse_conditions(r: _Record) -> list[Row]:
    return _browse(r, "browse_conditions", "conditionBrowseModule")


def browse_interventions(r: _Record) -> list[Row]:
    return _browse(r, "browse_interventions", "interventionBrowseModule")


def designs(r: _Record) -> list[Row]:
    """`*_masked` are true when whoMasked names the role, else None (AACT never writes false)."""
    info = _dig(r.protocol, "designModule", "designInfo")
    if info is None:
        return []
    masking = info.get("maskingInfo") or {}
    who = masking.get("whoMasked")

    def masked(role: str) -> bool | None:
        return (role in who) if who is not None else None

    return [
        {
            "id": r.id("designs"),
            "allocation": info.get("allocation"),
            "intervention_model": info.get("interventionModel"),
            "observational_model": info.get("observationalModel"),
            "primary_purpose": info.get("primaryPurpose"),
            "time_perspective": info.get("timePerspective"),
            "masking": masking.get("masking"),
            "masking_description": masking.get("maskingDescription"),
            "intervention_model_description": info.get("interventionModelDescription"),
            "subject_masked": masked("PARTICIPANT"),
            "caregiver_masked": masked("CARE_PROVIDER"),
            "investigator_masked": masked("INVESTIGATOR"),
            "outcomes_assessor_masked": masked("OUTCOMES_ASSESSOR"),
        }
    ]


def _arm_groups(r: _Record) -> list:
    return _items(_dig(r.protocol, "armsInterventionsModule", "armGroups"))


def _interventions(r: _Record) -> list:
    return _items(_dig(r.protocol, "armsInterventionsModule", "interventions"))


def design_groups(r: _Record) -> list[Row]:
    return [
        {
            "id": r.id("design_groups", i),
            "group_type": g.get("type"),
            "title": g.get("label"),
            "description": g.get("description"),
        }
        for i, g in enumerate(_arm_groups(r))
    ]


def interventions(r: _Record) -> list[Row]:
    return [
        {
            "id": r.id("interventions", i),
            "intervention_type": v.get("type"),
            "name": v.get("name"),
            "description": v.get("description"),
        }
        for i, v in enumerate(_interventions(r))
    ]


def intervention_other_names(r: _Record) -> list[Row]:
    return [
        {
            "id": r.id("intervention_other_names", i, j),
            "intervention_id": r.id("interventions", i),
            "name": name,
        }
        for i, v in enumerate(_interventions(r))
        for j, name in enumerate(_items(v.get("otherNames")))
    ]


def design_group_interventions(r: _Record) -> list[Row]:
    """Arm labels → design group ids; as in AACT, the last arm of a duplicated label wins and
    an unknown label leaves design_group_id empty."""
    by_label = {g.get("label"): r.id("design_groups", i) for i, g in enumerate(_arm_groups(r))}
    return [
        {
            "id": r.id("design_group_interventions", i, j),
            "design_group_id": by_label.get(label),
            "intervention_id": r.id("interventions", i),
        }
        for i, v in enumerate(_interventions(r))
        for j, label in enumerate(_items(v.get("armGroupLabels")))
    ]


def design_outcomes(r: _Record) -> list[Row]:
    rows = []
    for key, kind in (
        ("primaryOutcomes", "primary"),
        ("secondaryOutcomes", "secondary"),
        ("otherOutcomes", "other"),
    ):
        for i, o in enumerate(_items(_dig(r.protocol, "outcomesModule", key))):
            rows.append(
                {
                    "id": r.id("design_outcomes", kind, i),
                    "outcome_type": kind,
                    "measure": o.get("measure"),
                    "time_frame": o.get("timeFrame"),
                    "description": o.get("description"),
                }
            )
    return rows


def eligibilities(r: _Record) -> list[Row]:
    """stdAges become adult/child/older_adult (None when the API sends no stdAges)."""
    e = r.protocol.get("eligibilityModule")
    if e is None:
        return []
    ages = e.get("stdAges")

    def has_age(age: str) -> bool | None:
        return (age in ages) if ages is not None else None

    return [
        {
            "id": r.id("eligibilities"),
            "sampling_method": e.get("samplingMethod"),
            "gender": e.get("sex"),
            "minimum_age": e.get("minimumAge"),
            "maximum_age": e.get("maximumAge"),
            "healthy_volunteers": e.get("healthyVolunteers"),
            "population": e.get("studyPopulation"),
            "criteria": e.get("eligibilityCriteria"),
            "gender_description": e.get("genderDescription"),
            "gender_based": _as_bool(e.get("genderBased")),
            "adult": has_age("ADULT"),
            "child": has_age("CHILD"),
            "older_adult": has_age("OLDER_ADULT"),
        }
    ]


def id_information(r: _Record) -> list[Row]:
    """NCT aliases, the sponsor's own id and secondary ids, with `id_source` telling which."""
    ident = r.protocol.get("identificationModule") or {}
    rows = [
        {"id": r.id("id_information", "alias", i), "id_source": "nct_alias", "id_value": alias}
        for i, alias in enumerate(_items(ident.get("nctIdAliases")))
    ]
    for source, key in (("org_study_id", "orgStudyIdInfo"), ("secondary_id", "secondaryIdInfos")):
        for i, info in enumerate(_items(ident.get(key))):
            rows.append(
                {
                    "id": r.id("id_information", source, i),
                    "id_source": source,
                    "id_value": info.get("id"),
                    "id_type": info.get("type"),
                    "id_type_description": info.get("domain"),
                    "id_link": info.get("link"),
                }
            )
    return rows


def sponsors(r: _Record) -> list[Row]:
    module = r.protocol.get("sponsorCollaboratorsModule") or {}
    rows = []
    for key, role in (("leadSponsor", "lead"), ("collaborators", "collaborator")):
        for i, s in enumerate(_items(module.get(key))):
            rows.append(
                {
                    "id": r.id("sponsors", role, i),
                    "agency_class": s.get("class"),
                    "lead_or_collaborator": role,
                    "name": s.get("name"),
                }
            )
    return rows


def responsible_parties(r: _Record) -> list[Row]:
    party = _dig(r.protocol, "sponsorCollaboratorsModule", "responsibleParty")
    if party is None:
        return []
    return [
        {
            "id": r.id("responsible_parties"),
            "responsible_party_type": party.get("type"),
            "name": party.get("investigatorFullName"),
            "title": party.get("investigatorTitle"),
            "organization": party.get("oldOrganization"),
            "affiliation": party.get("investigatorAffiliation"),
            "old_name_title": party.get("oldNameTitle"),
        }
    ]


def _contacts_module(r: _Record) -> dict:
    return r.protocol.get("contactsLocationsModule") or {}


def overall_officials(r: _Record) -> list[Row]:
    return [
        {
            "id": r.id("overall_officials", i),
            "role": o.get("role"),
            "name": o.get("name"),
            "affiliation": o.get("affiliation"),
        }
        for i, o in enumerate(_items(_contacts_module(r).get("overallOfficials")))
    ]


def central_contacts(r: _Record) -> list[Row]:
    return [
        {
            "id": r.id("central_contacts", i),
            "contact_type": "primary" if i == 0 else "backup",
            "name": c.get("name"),
            "phone": c.get("phone"),
            "email": c.get("email"),
            "phone_extension": c.get("phoneExt"),
            "role": c.get("role"),
        }
        for i, c in enumerate(_items(_contacts_module(r).get("centralContacts")))
    ]


def _locations(r: _Record) -> list:
    return _items(_contacts_module(r).get("locations"))


def facilities(r: _Record) -> list[Row]:
    return [
        {
            "id": r.id("facilities", i),
            "status": loc.get("status"),
            "name": loc.get("facility"),
            "city": loc.get("city"),
            "state": loc.get("state"),
            "zip": loc.get("zip"),
            "country": loc.get("country"),
        }
        for i, loc in enumerate(_locations(r))
    ]


def _is_investigator(contact: dict) -> bool:
    return bool(_INVESTIGATOR_ROLE.search(contact.get("role") or ""))


def facility_investigators(r: _Record) -> list[Row]:
    """Site contacts whose role is an investigator or study chair (AACT's split)."""
    return [
        {
            "id": r.id("facility_investigators", i, j),
            "facility_id": r.id("facilities", i),
            "role": c.get("role"),
            "name": c.get("name"),
        }
        for i, loc in enumerate(_locations(r))
        for j, c in enumerate(_items(loc.get("contacts")))
        if _is_investigator(c)
    ]


def facility_contacts(r: _Record) -> list[Row]:
    """The other site contacts: the first is `primary`, the rest `backup`."""
    rows = []
    for i, loc in enumerate(_locations(r)):
        others = [
            (j, c) for j, c in enumerate(_items(loc.get("contacts"))) if not _is_investigator(c)
        ]
        for n, (j, c) in enumerate(others):
            rows.append(
                {
                    "id": r.id("facility_contacts", i, j),
                    "facility_id": r.id("facilities", i),
                    "contact_type": "primary" if n == 0 else "backup",
                    "name": c.get("name"),
                    "email": c.get("email"),
                    "phone": c.get("phone"),
                    "phone_extension": c.get("phoneExt"),
                }
            )
    return rows


def countries(r: _Record) -> list[Row]:
    """Distinct site countries (removed = false), then derived removedCountries (true)."""
    rows, seen = [], set()
    sources = (
        (False, [loc.get("country") for loc in _locations(r)]),
        (True, _items(_dig(r.derived, "miscInfoModule", "removedCountries"))),
    )
    for removed, names in sources:
        for name in names:
            if (name, removed) in seen:
                continue
            seen.add((name, removed))
            rows.append({"id": r.id("countries", name, removed), "name": name, "removed": removed})
    return rows


def _references_module(r: _Record) -> dict:
    return r.protocol.get("referencesModule") or {}


def links(r: _Record) -> list[Row]:
    return [
        {"id": r.id("links", i), "url": v.get("url"), "description": v.get("label")}
        for i, v in enumerate(_items(_references_module(r).get("seeAlsoLinks")))
    ]


def documents(r: _Record) -> list[Row]:
    return [
        {
            "id": r.id("documents", i),
            "document_id": v.get("id"),
            "document_type": v.get("type"),
            "url": v.get("url"),
            "comment": v.get("comment"),
        }
        for i, v in enumerate(_items(_references_module(r).get("availIpds")))
    ]


def ipd_information_types(r: _Record) -> list[Row]:
    types = _dig(r.protocol, "ipdSharingStatementModule", "infoTypes")
    return [
        {"id": r.id("ipd_information_types", i), "name": v} for i, v in enumerate(_items(types))
    ]


def study_references(r: _Record) -> list[Row]:
    return [
        {
            "id": r.id("study_references", i),
            "pmid": v.get("pmid"),
            "reference_type": v.get("type"),
            "citation": v.get("citation"),
        }
        for i, v in enumerate(_items(_references_module(r).get("references")))
    ]


def retractions(r: _Record) -> list[Row]:
    return [
        {
            "id": r.id("retractions", i, j),
            "reference_id": r.id("study_references", i),
            "pmid": x.get("pmid"),
            "source": x.get("source"),
        }
        for i, v in enumerate(_items(_references_module(r).get("references")))
        for j, x in enumerate(_items(v.get("retractions")))
    ]


def pending_results(r: _Record) -> list[Row]:
    events = _dig(r.annotation, "annotationModule", "unpostedAnnotation", "unpostedEvents")
    return [
        {
            "id": r.id("pending_results", i),
            "event": v.get("type"),
            "event_date_description": v.get("date"),
            "event_date": aact_date(v.get("date")),
        }
        for i, v in enumerate(_items(events))
    ]


def provided_documents(r: _Record) -> list[Row]:
    docs = _dig(r.documents, "largeDocumentModule", "largeDocs")
    return [
        {
            "id": r.id("provided_documents", i),
            "document_type": v.get("label"),
            "has_protocol": v.get("hasProtocol"),
            "has_icf": v.get("hasIcf"),
            "has_sap": v.get("hasSap"),
            "document_date": v.get("date"),
            "url": (
                f"https://ClinicalTrials.gov/ProvidedDocs/{r.nct_id[-2:]}/{r.nct_id}/{v['filename']}"
                if v.get("filename") is not None
                else None
            ),
        }
        for i, v in enumerate(_items(docs))
    ]


# --- results tables -------------------------------------------------------------------------

# Study-level result groups: (results module, groups key, AACT result_type).
_GROUP_SOURCES = (
    ("baselineCharacteristicsModule", "groups", "Baseline"),
    ("participantFlowModule", "groups", "Participant Flow"),
    ("adverseEventsModule", "eventGroups", "Reported Event"),
)


def _study_groups(r: _Record) -> list[tuple[str, int, dict]]:
    """(result_type, ordinal, group) of every study-level group, duplicates dropped as AACT."""
    out, seen = [], set()
    for module, key, result_type in _GROUP_SOURCES:
        for i, g in enumerate(_items(_dig(r.results, module, key))):
            fingerprint = (result_type, g.get("id"), g.get("title"), g.get("description"))
            if fingerprint not in seen:
                seen.add(fingerprint)
                out.append((result_type, i, g))
    return out


def _group_ids(r: _Record, result_type: str) -> dict[str, int]:
    """ctgov_group_code → result_groups.id for one result type (the last duplicate wins)."""
    return {
        g.get("id"): r.id("result_groups", t, i) for t, i, g in _study_groups(r) if t == result_type
    }


def _outcome_measures(r: _Record) -> list:
    return _items(_dig(r.results, "outcomeMeasuresModule", "outcomeMeasures"))


def _outcome_group_ids(r: _Record, o: int, outcome: dict) -> dict[str, int]:
    """ctgov_group_code → id of the outcome's own result group (AACT links per outcome)."""
    return {
        g.get("id"): r.id("result_groups", "Outcome", o, j)
        for j, g in enumerate(_items(outcome.get("groups")))
    }


def result_groups(r: _Record) -> list[Row]:
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
        for j, g in enumerate(_items(outcome.get("groups"))):
            rows.append(
                {
                    "id": r.id("result_groups", "Outcome", o, j),
                    "ctgov_group_code": g.get("id"),
                    "result_type": "Outcome",
                    "title": g.get("title"),
                    "description": g.get("description"),
                }
            )
    return rows


def outcomes(r: _Record) -> list[Row]:
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
        for k, category in enumerate(_items(categories)):
            for m, cell in enumerate(_items(category.get("measurements"))):
                yield (c, k, m), klass, category, cell


def outcome_measurements(r: _Record) -> list[Row]:
    rows = []
    for o, measure in enumerate(_outcome_measures(r)):
        groups = _outcome_group_ids(r, o, measure)
        for path, klass, category, cell in _measurement_cells(_items(measure.get("classes"))):
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
                    "param_value_num": _as_float(cell.get("value")),
                    "dispersion_type": measure.get("dispersionType"),
                    "dispersion_value": cell.get("spread"),
                    "dispersion_value_num": _as_float(cell.get("spread")),
                    "dispersion_lower_limit_raw": cell.get("lowerLimit"),
                    "dispersion_lower_limit": _as_float(cell.get("lowerLimit")),
                    "dispersion_upper_limit_raw": cell.get("upperLimit"),
                    "dispersion_upper_limit": _as_float(cell.get("upperLimit")),
                    "explanation_of_na": cell.get("comment"),
                }
            )
    return rows


def outcome_counts(r: _Record) -> list[Row]:
    rows = []
    for o, measure in enumerate(_outcome_measures(r)):
        groups = _outcome_group_ids(r, o, measure)
        for d, denom in enumerate(_items(measure.get("denoms"))):
            for n, count in enumerate(_items(denom.get("counts"))):
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
    return _as_float(re.sub(r"[<> =]", "", value).strip()) if value is not None else None


def outcome_analyses(r: _Record) -> list[Row]:
    """Statistical analyses; p-values split into AACT's modifier / number / raw text."""
    rows = []
    for o, measure in enumerate(_outcome_measures(r)):
        for a, x in enumerate(_items(measure.get("analyses"))):
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


def outcome_analysis_groups(r: _Record) -> list[Row]:
    rows = []
    for o, measure in enumerate(_outcome_measures(r)):
        groups = _outcome_group_ids(r, o, measure)
        for a, x in enumerate(_items(measure.get("analyses"))):
            for g, code in enumerate(_items(x.get("groupIds"))):
                rows.append(
                    {
                        "id": r.id("outcome_analysis_groups", o, a, g),
                        "outcome_analysis_id": r.id("outcome_analyses", o, a),
                        "result_group_id": groups.get(code),
                        "ctgov_group_code": code,
                    }
                )
    return rows


def participant_flows(r: _Record) -> list[Row]:
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


def _periods(r: _Record) -> list:
    return _items(_dig(r.results, "participantFlowModule", "periods"))


def milestones(r: _Record) -> list[Row]:
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
        for m, milestone in enumerate(_items(period.get("milestones")))
        for n, cell in enumerate(_items(milestone.get("achievements")))
    ]


def drop_withdrawals(r: _Record) -> list[Row]:
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
        for d, drop in enumerate(_items(period.get("dropWithdraws")))
        for n, cell in enumerate(_items(drop.get("reasons")))
    ]


def _baseline(r: _Record) -> dict:
    return r.results.get("baselineCharacteristicsModule") or {}


def baseline_counts(r: _Record) -> list[Row]:
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
        for d, denom in enumerate(_items(_baseline(r).get("denoms")))
        for n, count in enumerate(_items(denom.get("counts")))
    ]


def _number_analyzed(baseline: dict, measure: dict, klass: dict, code: str | None) -> Any:
    """AACT's number_analyzed: the class or measure denominator of the selected units, else
    the study-level baseline count of those units."""
    units = measure.get("denomUnitsSelected") or "Participants"
    denoms = klass.get("denoms") or measure.get("denoms")
    if denoms is None:
        denoms = baseline.get("denoms")
    for denom in _items(denoms):
        if denom.get("units") == units:
            for count in _items(denom.get("counts")):
                if count.get("groupId") == code:
                    return count.get("value")
    return None


def baseline_measurements(r: _Record) -> list[Row]:
    groups, baseline, rows = _group_ids(r, "Baseline"), _baseline(r), []
    for s, measure in enumerate(_items(baseline.get("measures"))):
        for path, klass, category, cell in _measurement_cells(_items(measure.get("classes"))):
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
                    "param_value_num": _as_float(cell.get("value")),
                    "dispersion_type": measure.get("dispersionType"),
                    "dispersion_value": cell.get("spread"),
                    "dispersion_value_num": _as_float(cell.get("spread")),
                    "dispersion_lower_limit": _as_float(cell.get("lowerLimit")),
                    "dispersion_upper_limit": _as_float(cell.get("upperLimit")),
                    "explanation_of_na": cell.get("comment"),
                    "number_analyzed": _number_analyzed(
                        baseline, measure, klass, cell.get("groupId")
                    ),
                    "number_analyzed_units": measure.get("denomUnitsSelected") or "Participants",
                }
            )
    return rows


def reported_events(r: _Record) -> list[Row]:
    """One row per adverse event term and group, serious then other."""
    module, groups, rows = (
        r.results.get("adverseEventsModule") or {},
        _group_ids(r, "Reported Event"),
        [],
    )
    for key, event_type in (("seriousEvents", "serious"), ("otherEvents", "other")):
        for e, event in enumerate(_items(module.get(key))):
            for n, stat in enumerate(_items(event.get("stats"))):
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


def reported_event_totals(r: _Record) -> list[Row]:
    groups = _items(_dig(r.results, "adverseEventsModule", "eventGroups"))
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


def result_agreements(r: _Record) -> list[Row]:
    agreement = _dig(r.results, "moreInfoModule", "certainAgreement")
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


def result_contacts(r: _Record) -> list[Row]:
    contact = _dig(r.results, "moreInfoModule", "pointOfContact")
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


# --- entry point ----------------------------------------------------------------------------

_BUILDERS: tuple[Callable[[_Record], list[Row]], ...] = (
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

# Every table flatten_study returns (always as a key, possibly with no rows).
TABLES: tuple[str, ...] = tuple(b.__name__ for b in _BUILDERS)


def flatten_study(study: dict, *, position: object = None) -> dict[str, list[Row]]:
    """{AACT table: rows} for one API v2 study record.

    Raises `CtgovRecordError` (a ValueError) naming the record (its NCT id, else `position`
    and its first keys) for a classic-API record or a study without an NCT id.
    """
    record = _record(study, position)
    tables = {}
    for builder in _BUILDERS:
        table = builder.__name__
        try:
            tables[table] = [typed_row(table, record.nct_id, row) for row in builder(record)]
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise CtgovRecordError(f"record {record.nct_id}: table {table}: {exc}") from exc
    return tables
