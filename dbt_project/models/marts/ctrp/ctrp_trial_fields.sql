{#- One row per study: the warehouse's fields in the vocabulary of NCI CTRP's registration
    service (ws.xsd), for AACT's legacy labels and API v2 codes alike. A study CTRP cannot take
    (unknown status, expanded access, no status) says why in not_registrable_reason. -#}
with studies as (
    select
        *,
        overall_status_code as status_code,
        study_type_code as type_code
    from {{ ref('int_registry__studies') }}
),

designs as (
    select
        nct_id,
        min({{ bytewise('primary_purpose_code') }}) as primary_purpose_code,
        min({{ bytewise('observational_model_code') }}) as observational_model_code,
        min({{ bytewise('time_perspective_code') }}) as time_perspective_code
    from {{ ref('int_registry__designs') }}
    group by nct_id
),

org_study_ids as (
    select nct_id, min({{ bytewise('id_value') }}) as org_study_id
    from {{ ref('int_registry__id_information') }}
    where id_source = 'org_study_id' and trim(id_value) <> ''
    group by nct_id
),

lead_sponsors as (
    select nct_id, min({{ bytewise('sponsor_name') }}) as lead_sponsor_name
    from {{ ref('int_registry__sponsors') }}
    where lower(lead_or_collaborator) = 'lead'
    group by nct_id
),

principal_investigators as (
    select nct_id, min({{ bytewise('official_name') }}) as principal_investigator_name
    from {{ ref('int_registry__overall_officials') }}
    where role_code = 'PRINCIPAL_INVESTIGATOR'
    group by nct_id
),

responsible_parties as (
    select nct_id, min({{ bytewise('responsible_party_type_code') }}) as responsible_party_type_code
    from {{ ref('int_registry__responsible_parties') }}
    group by nct_id
),

mapped as (
    select
        studies.nct_id,
        org_study_ids.org_study_id,
        coalesce(nullif(trim(studies.official_title), ''), studies.brief_title) as title,
        case
            when studies.type_code = 'INTERVENTIONAL' then 'Interventional'
            when studies.type_code = 'OBSERVATIONAL' then 'Observational'
        end as ctrp_design,
        case studies.phase_rank
            when 0.5 then '0'
            when 1.0 then 'I'
            when 1.5 then 'I/II'
            when 2.0 then 'II'
            when 2.5 then 'II/III'
            when 3.0 then 'III'
            when 4.0 then 'IV'
            else 'NA'
        end as ctrp_phase,
        case designs.primary_purpose_code
            when 'TREATMENT' then 'Treatment'
            when 'PREVENTION' then 'Prevention'
            when 'SUPPORTIVE_CARE' then 'Supportive Care'
            when 'SCREENING' then 'Screening'
            when 'DIAGNOSTIC' then 'Diagnostic'
            when 'HEALTH_SERVICES_RESEARCH' then 'Health Services Research'
            when 'BASIC_SCIENCE' then 'Basic Science'
            when 'DEVICE_FEASIBILITY' then 'Other'
            when 'ECT' then 'Other'
            when 'OTHER' then 'Other'
        end as ctrp_primary_purpose,
        case designs.observational_model_code
            when 'COHORT' then 'Cohort'
            when 'CASE_CONTROL' then 'Case-control'
            when 'CASE_ONLY' then 'Case-only'
            when 'CASE_CROSSOVER' then 'Case-crossover'
            when 'ECOLOGIC_OR_COMMUNITY' then 'Ecologic or community studies'
            when 'FAMILY_BASED' then 'Family-based'
            when 'DEFINED_POPULATION' then 'Other'
            when 'NATURAL_HISTORY' then 'Other'
            when 'OTHER' then 'Other'
        end as ctrp_study_model,
        case designs.time_perspective_code
            when 'PROSPECTIVE' then 'Prospective'
            when 'RETROSPECTIVE' then 'Retrospective'
            when 'CROSS_SECTIONAL' then 'Cross-sectional'
            when 'OTHER' then 'Other'
        end as ctrp_time_perspective,
        case studies.status_code
            when 'NOT_YET_RECRUITING' then 'Approved'
            when 'RECRUITING' then 'Active'
            when 'ENROLLING_BY_INVITATION' then 'Enrolling by Invitation'
            when 'ACTIVE_NOT_RECRUITING' then 'Closed to Accrual'
            when 'SUSPENDED' then 'Temporarily Closed to Accrual'
            when 'TERMINATED' then 'Administratively Complete'
            when 'COMPLETED' then 'Complete'
            when 'WITHDRAWN' then 'Withdrawn'
        end as ctrp_trial_status,
        studies.overall_status as registry_overall_status,
        studies.phase as registry_phase,
        studies.type_code,
        studies.why_stopped,
        studies.start_date,
        {{ ctrp_date_type('studies.start_date', 'studies.start_date_type', 'studies.last_update_posted_date') }}
            as start_date_type,
        studies.primary_completion_date,
        {{ ctrp_date_type('studies.primary_completion_date', 'studies.primary_completion_date_type', 'studies.last_update_posted_date') }}
            as primary_completion_date_type,
        studies.completion_date,
        {{ ctrp_date_type('studies.completion_date', 'studies.completion_date_type', 'studies.last_update_posted_date') }}
            as completion_date_type,
        studies.last_update_posted_date,
        lead_sponsors.lead_sponsor_name,
        principal_investigators.principal_investigator_name,
        case responsible_parties.responsible_party_type_code
            when 'SPONSOR' then 'Sponsor'
            when 'PRINCIPAL_INVESTIGATOR' then 'Principal Investigator'
            when 'SPONSOR_INVESTIGATOR' then 'Sponsor-Investigator'
        end as responsible_party_type,
        studies.record_source,
        case
            when studies.type_code = 'EXPANDED_ACCESS' then 'expanded access: not a CTRP trial'
            when studies.overall_status is null then 'no overall status in the registry'
            when studies.status_code not in (
                'NOT_YET_RECRUITING', 'RECRUITING', 'ENROLLING_BY_INVITATION',
                'ACTIVE_NOT_RECRUITING', 'SUSPENDED', 'TERMINATED', 'COMPLETED', 'WITHDRAWN'
            ) then 'overall status ' || studies.overall_status || ' has no CTRP trial status'
            when coalesce(studies.type_code, '') not in ('INTERVENTIONAL', 'OBSERVATIONAL')
                then 'no study type in the registry'
        end as not_registrable_reason
    from studies
    left join designs on designs.nct_id = studies.nct_id
    left join org_study_ids on org_study_ids.nct_id = studies.nct_id
    left join lead_sponsors on lead_sponsors.nct_id = studies.nct_id
    left join principal_investigators on principal_investigators.nct_id = studies.nct_id
    left join responsible_parties on responsible_parties.nct_id = studies.nct_id
)

select
    cast(nct_id as {{ dbt.type_string() }}) as nct_id,
    cast(org_study_id as {{ dbt.type_string() }}) as org_study_id,
    cast(title as {{ dbt.type_string() }}) as title,
    cast(ctrp_design as {{ dbt.type_string() }}) as ctrp_design,
    cast(ctrp_phase as {{ dbt.type_string() }}) as ctrp_phase,
    cast(ctrp_primary_purpose as {{ dbt.type_string() }}) as ctrp_primary_purpose,
    cast(ctrp_study_model as {{ dbt.type_string() }}) as ctrp_study_model,
    cast(ctrp_time_perspective as {{ dbt.type_string() }}) as ctrp_time_perspective,
    cast(ctrp_trial_status as {{ dbt.type_string() }}) as ctrp_trial_status,
    not_registrable_reason is null as is_registrable,
    cast(not_registrable_reason as {{ dbt.type_string() }}) as not_registrable_reason,
    cast(why_stopped as {{ dbt.type_string() }}) as why_stopped,
    case
        when ctrp_trial_status in ('Active', 'Enrolling by Invitation')
            and start_date_type = 'Actual' then start_date
        when ctrp_trial_status in ('Complete', 'Administratively Complete')
            and completion_date_type = 'Actual' then completion_date
        when ctrp_trial_status in ('Complete', 'Administratively Complete')
            and primary_completion_date_type = 'Actual' then primary_completion_date
        else last_update_posted_date
    end as status_date,
    start_date,
    cast(start_date_type as {{ dbt.type_string() }}) as start_date_type,
    primary_completion_date,
    cast(primary_completion_date_type as {{ dbt.type_string() }}) as primary_completion_date_type,
    completion_date,
    cast(completion_date_type as {{ dbt.type_string() }}) as completion_date_type,
    cast(registry_overall_status as {{ dbt.type_string() }}) as registry_overall_status,
    cast(registry_phase as {{ dbt.type_string() }}) as registry_phase,
    cast(lead_sponsor_name as {{ dbt.type_string() }}) as lead_sponsor_name,
    cast(principal_investigator_name as {{ dbt.type_string() }}) as principal_investigator_name,
    cast(responsible_party_type as {{ dbt.type_string() }}) as responsible_party_type,
    cast(record_source as {{ dbt.type_string() }}) as record_source
from mapped
