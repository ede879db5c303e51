"""API v2 protocol sections → AACT's protocol tables (studies, conditions, designs, sponsors,
facilities, …), one function per table named as the table (see flatten.py)."""

from __future__ import annotations

import re
from typing import Any

from orchestration.ctgov.flatten_values import (
    INVESTIGATOR_ROLE,
    Row,
    StudyRecord,
    as_bool,
    as_float,
    as_list,
    dig,
    downcase,
)
from orchestration.ctgov.records import (
    aact_date,
)

# --- protocol tables ------------------------------------------------------------------------


def studies(r: StudyRecord) -> list[Row]:
    """The one `studies` row; `*_month_year` keep the sent string, `*_date` is AACT's date."""
    p, status = r.protocol, r.protocol.get("statusModule") or {}
    design, ident = p.get("designModule") or {}, p.get("identificationModule") or {}
    oversight, ipd = p.get("oversightModule") or {}, p.get("ipdSharingStatementModule") or {}
    access = status.get("expandedAccessInfo") or {}
    access_types = design.get("expandedAccessTypes") or {}
    arms = dig(p, "armsInterventionsModule", "armGroups")
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
        "baseline_population": dig(
            r.results, "baselineCharacteristicsModule", "populationDescription"
        ),
        "brief_title": ident.get("briefTitle"),
        "official_title": ident.get("officialTitle"),
        "acronym": ident.get("acronym"),
        "overall_status": status.get("overallStatus"),
        "last_known_status": status.get("lastKnownStatus"),
        "why_stopped": status.get("whyStopped"),
        "delayed_posting": status.get("delayedPosting"),
        # a list in API v2; one phase sent as a plain string is still that phase
        "phase": "/".join(phases) if isinstance(phases, list) else _text_or_none(phases),
        "enrollment": dig(design, "enrollmentInfo", "count"),
        "enrollment_type": dig(design, "enrollmentInfo", "type"),
        "source": dig(ident, "organization", "fullName"),
        "source_class": dig(ident, "organization", "class"),
        "limitations_and_caveats": dig(
            r.results, "moreInfoModule", "limitationsAndCaveats", "description"
        ),
        "number_of_arms": len(arms) if interventional and arms is not None else None,
        "number_of_groups": len(arms) if not interventional and arms is not None else None,
        "target_duration": design.get("targetDuration"),
        "study_type": design.get("studyType"),
        "patient_registry": design.get("patientRegistry"),
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
        "biospec_retention": dig(design, "bioSpec", "retention"),
        "biospec_description": dig(design, "bioSpec", "description"),
        "plan_to_share_ipd": ipd.get("ipdSharing"),
        "plan_to_share_ipd_description": ipd.get("description"),
        "ipd_time_frame": ipd.get("timeFrame"),
        "ipd_access_criteria": ipd.get("accessCriteria"),
        "ipd_url": ipd.get("url"),
        "baseline_type_units_analyzed": dig(
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


def _description_row(r: StudyRecord, table: str, key: str) -> list[Row]:
    module = r.protocol.get("descriptionModule")
    if module is None:
        return []
    return [{"id": r.id(table), "description": module.get(key)}]


def brief_summaries(r: StudyRecord) -> list[Row]:
    return _description_row(r, "brief_summaries", "briefSummary")


def detailed_descriptions(r: StudyRecord) -> list[Row]:
    return _description_row(r, "detailed_descriptions", "detailedDescription")


def _names(r: StudyRecord, table: str, values: Any) -> list[Row]:
    return [
        {"id": r.id(table, i), "name": v, "downcase_name": downcase(v)}
        for i, v in enumerate(as_list(values))
    ]


def conditions(r: StudyRecord) -> list[Row]:
    return _names(r, "conditions", dig(r.protocol, "conditionsModule", "conditions"))


def keywords(r: StudyRecord) -> list[Row]:
    return _names(r, "keywords", dig(r.protocol, "conditionsModule", "keywords"))


def _browse(r: StudyRecord, table: str, module: str) -> list[Row]:
    """MeSH terms then their ancestors; `mesh_id` keeps the descriptor id AACT drops."""
    rows = []
    for kind, mesh_type in (("meshes", "mesh-list"), ("ancestors", "mesh-ancestor")):
        for i, term in enumerate(as_list(dig(r.derived, module, kind))):
            rows.append(
                {
                    "id": r.id(table, kind, i),
                    "mesh_term": term.get("term"),
                    "downcase_mesh_term": downcase(term.get("term")),
                    "mesh_type": mesh_type,
                    "mesh_id": term.get("id"),
                }
            )
    return rows


def browse_conditions(r: StudyRecord) -> list[Row]:
    return _browse(r, "browse_conditions", "conditionBrowseModule")


def browse_interventions(r: StudyRecord) -> list[Row]:
    return _browse(r, "browse_interventions", "interventionBrowseModule")


def designs(r: StudyRecord) -> list[Row]:
    """`*_masked` are true when whoMasked names the role, else None (AACT never writes false)."""
    info = dig(r.protocol, "designModule", "designInfo")
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


def _arm_groups(r: StudyRecord) -> list:
    return as_list(dig(r.protocol, "armsInterventionsModule", "armGroups"))


def _interventions(r: StudyRecord) -> list:
    return as_list(dig(r.protocol, "armsInterventionsModule", "interventions"))


def design_groups(r: StudyRecord) -> list[Row]:
    return [
        {
            "id": r.id("design_groups", i),
            "group_type": g.get("type"),
            "title": g.get("label"),
            "description": g.get("description"),
        }
        for i, g in enumerate(_arm_groups(r))
    ]


def interventions(r: StudyRecord) -> list[Row]:
    return [
        {
            "id": r.id("interventions", i),
            "intervention_type": v.get("type"),
            "name": v.get("name"),
            "description": v.get("description"),
        }
        for i, v in enumerate(_interventions(r))
    ]


def intervention_other_names(r: StudyRecord) -> list[Row]:
    return [
        {
            "id": r.id("intervention_other_names", i, j),
            "intervention_id": r.id("interventions", i),
            "name": name,
        }
        for i, v in enumerate(_interventions(r))
        for j, name in enumerate(as_list(v.get("otherNames")))
    ]


def design_group_interventions(r: StudyRecord) -> list[Row]:
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
        for j, label in enumerate(as_list(v.get("armGroupLabels")))
    ]


def design_outcomes(r: StudyRecord) -> list[Row]:
    rows = []
    for key, kind in (
        ("primaryOutcomes", "primary"),
        ("secondaryOutcomes", "secondary"),
        ("otherOutcomes", "other"),
    ):
        for i, o in enumerate(as_list(dig(r.protocol, "outcomesModule", key))):
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


def eligibilities(r: StudyRecord) -> list[Row]:
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
            "gender_based": as_bool(e.get("genderBased")),
            "adult": has_age("ADULT"),
            "child": has_age("CHILD"),
            "older_adult": has_age("OLDER_ADULT"),
        }
    ]


def id_information(r: StudyRecord) -> list[Row]:
    """NCT aliases, the sponsor's own id and secondary ids, with `id_source` telling which."""
    ident = r.protocol.get("identificationModule") or {}
    rows = [
        {"id": r.id("id_information", "alias", i), "id_source": "nct_alias", "id_value": alias}
        for i, alias in enumerate(as_list(ident.get("nctIdAliases")))
    ]
    for source, key in (("org_study_id", "orgStudyIdInfo"), ("secondary_id", "secondaryIdInfos")):
        for i, info in enumerate(as_list(ident.get(key))):
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


def sponsors(r: StudyRecord) -> list[Row]:
    module = r.protocol.get("sponsorCollaboratorsModule") or {}
    rows = []
    for key, role in (("leadSponsor", "lead"), ("collaborators", "collaborator")):
        for i, s in enumerate(as_list(module.get(key))):
            rows.append(
                {
                    "id": r.id("sponsors", role, i),
                    "agency_class": s.get("class"),
                    "lead_or_collaborator": role,
                    "name": s.get("name"),
                }
            )
    return rows


def responsible_parties(r: StudyRecord) -> list[Row]:
    party = dig(r.protocol, "sponsorCollaboratorsModule", "responsibleParty")
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


def _contacts_module(r: StudyRecord) -> dict:
    return r.protocol.get("contactsLocationsModule") or {}


def overall_officials(r: StudyRecord) -> list[Row]:
    return [
        {
            "id": r.id("overall_officials", i),
            "role": o.get("role"),
            "name": o.get("name"),
            "affiliation": o.get("affiliation"),
        }
        for i, o in enumerate(as_list(_contacts_module(r).get("overallOfficials")))
    ]


def central_contacts(r: StudyRecord) -> list[Row]:
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
        for i, c in enumerate(as_list(_contacts_module(r).get("centralContacts")))
    ]


def _locations(r: StudyRecord) -> list:
    return as_list(_contacts_module(r).get("locations"))


def _coordinate(value: Any) -> float | None:
    number = as_float(value)
    return None if number is None else round(number, 6)


def facilities(r: StudyRecord) -> list[Row]:
    return [
        {
            "id": r.id("facilities", i),
            "status": loc.get("status"),
            "name": loc.get("facility"),
            "city": loc.get("city"),
            "state": loc.get("state"),
            "zip": loc.get("zip"),
            "country": loc.get("country"),
            # numeric(10,6) in AACT: the API's geoPoint as stored there
            "latitude": _coordinate(dig(loc, "geoPoint", "lat")),
            "longitude": _coordinate(dig(loc, "geoPoint", "lon")),
        }
        for i, loc in enumerate(_locations(r))
    ]


def _is_investigator(contact: dict) -> bool:
    return bool(INVESTIGATOR_ROLE.search(contact.get("role") or ""))


def facility_investigators(r: StudyRecord) -> list[Row]:
    """Site contacts whose role is an investigator or study chair (AACT's split)."""
    return [
        {
            "id": r.id("facility_investigators", i, j),
            "facility_id": r.id("facilities", i),
            "role": c.get("role"),
            "name": c.get("name"),
        }
        for i, loc in enumerate(_locations(r))
        for j, c in enumerate(as_list(loc.get("contacts")))
        if _is_investigator(c)
    ]


def facility_contacts(r: StudyRecord) -> list[Row]:
    """The other site contacts: the first is `primary`, the rest `backup`."""
    rows = []
    for i, loc in enumerate(_locations(r)):
        others = [
            (j, c) for j, c in enumerate(as_list(loc.get("contacts"))) if not _is_investigator(c)
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


def countries(r: StudyRecord) -> list[Row]:
    """Distinct site countries (removed = false), then derived removedCountries (true)."""
    rows, seen = [], set()
    sources = (
        (False, [loc.get("country") for loc in _locations(r)]),
        (True, as_list(dig(r.derived, "miscInfoModule", "removedCountries"))),
    )
    for removed, names in sources:
        for name in names:
            if (name, removed) in seen:
                continue
            seen.add((name, removed))
            rows.append({"id": r.id("countries", name, removed), "name": name, "removed": removed})
    return rows


def _references_module(r: StudyRecord) -> dict:
    return r.protocol.get("referencesModule") or {}


def links(r: StudyRecord) -> list[Row]:
    return [
        {"id": r.id("links", i), "url": v.get("url"), "description": v.get("label")}
        for i, v in enumerate(as_list(_references_module(r).get("seeAlsoLinks")))
    ]


def documents(r: StudyRecord) -> list[Row]:
    return [
        {
            "id": r.id("documents", i),
            "document_id": v.get("id"),
            "document_type": v.get("type"),
            "url": v.get("url"),
            "comment": v.get("comment"),
        }
        for i, v in enumerate(as_list(_references_module(r).get("availIpds")))
    ]


def ipd_information_types(r: StudyRecord) -> list[Row]:
    types = dig(r.protocol, "ipdSharingStatementModule", "infoTypes")
    return [
        {"id": r.id("ipd_information_types", i), "name": v} for i, v in enumerate(as_list(types))
    ]


def study_references(r: StudyRecord) -> list[Row]:
    return [
        {
            "id": r.id("study_references", i),
            "pmid": v.get("pmid"),
            "reference_type": v.get("type"),
            "citation": v.get("citation"),
        }
        for i, v in enumerate(as_list(_references_module(r).get("references")))
    ]


def retractions(r: StudyRecord) -> list[Row]:
    return [
        {
            "id": r.id("retractions", i, j),
            "reference_id": r.id("study_references", i),
            "pmid": x.get("pmid"),
            "source": x.get("source"),
        }
        for i, v in enumerate(as_list(_references_module(r).get("references")))
        for j, x in enumerate(as_list(v.get("retractions")))
    ]


def pending_results(r: StudyRecord) -> list[Row]:
    events = dig(r.annotation, "annotationModule", "unpostedAnnotation", "unpostedEvents")
    return [
        {
            "id": r.id("pending_results", i),
            "event": v.get("type"),
            "event_date_description": v.get("date"),
            "event_date": aact_date(v.get("date")),
        }
        for i, v in enumerate(as_list(events))
    ]


def provided_documents(r: StudyRecord) -> list[Row]:
    docs = dig(r.documents, "largeDocumentModule", "largeDocs")
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
        for i, v in enumerate(as_list(docs))
    ]


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
