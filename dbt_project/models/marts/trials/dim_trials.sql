{#- One row per study: what it is, where it stands, who leads it, and which source it came from. -#}
with lead_sponsors as (
    select
        nct_id,
        min({{ bytewise('sponsor_name') }}) as lead_sponsor_name,
        min({{ bytewise('agency_class') }}) as lead_sponsor_class
    from {{ ref('int_registry__sponsors') }}
    where lower(lead_or_collaborator) = 'lead'
    group by nct_id
),

countries as (
    select
        nct_id,
        count(distinct {{ bytewise('case when not is_removed then country_name end') }})
            as country_count
    from {{ ref('int_registry__countries') }}
    group by nct_id
),

condition_terms as (
    select nct_id, count(distinct {{ bytewise('mesh_term') }}) as condition_mesh_terms
    from {{ ref('int_registry__browse_conditions') }}
    where mesh_type = 'mesh-list'
    group by nct_id
),

conditions as (
    select
        nct_id,
        count(*) as condition_count,
        count(condition_mesh_term) as conditions_mapped
    from {{ ref('int_trial_conditions') }}
    group by nct_id
),

drugs as (
    select
        nct_id,
        count(*) as drug_count,
        count(
            case
                when drug_mesh_id is not null or drug_mesh_term is not null
                    or drug_chembl_id is not null
                    then 1
            end
        ) as drugs_mapped
    from {{ ref('int_trial_drugs') }}
    where not is_placebo
    group by nct_id
)

select
    cast(studies.nct_id as {{ dbt.type_string() }}) as nct_id,
    cast(studies.brief_title as {{ dbt.type_string() }}) as brief_title,
    cast(studies.study_type_code as {{ dbt.type_string() }}) as study_type,
    cast(studies.overall_status_code as {{ dbt.type_string() }}) as overall_status,
    cast(studies.phase_code as {{ dbt.type_string() }}) as phase,
    cast(studies.phase_rank as numeric(3, 1)) as phase_rank,
    cast(studies.enrollment as bigint) as enrollment,
    cast(studies.enrollment_type as {{ dbt.type_string() }}) as enrollment_type,
    studies.start_date,
    cast(studies.start_date_type as {{ dbt.type_string() }}) as start_date_type,
    studies.primary_completion_date,
    cast(studies.primary_completion_date_type as {{ dbt.type_string() }})
        as primary_completion_date_type,
    studies.completion_date,
    cast(studies.completion_date_type as {{ dbt.type_string() }}) as completion_date_type,
    cast(lead_sponsors.lead_sponsor_name as {{ dbt.type_string() }}) as lead_sponsor_name,
    cast({{ registry_code('lead_sponsors.lead_sponsor_class') }} as {{ dbt.type_string() }}) as lead_sponsor_class,
    cast(coalesce(countries.country_count, 0) as bigint) as country_count,
    cast(coalesce(condition_terms.condition_mesh_terms, 0) as bigint) as condition_mesh_terms,
    cast(coalesce(conditions.condition_count, 0) as bigint) as condition_count,
    cast(coalesce(conditions.conditions_mapped, 0) as bigint) as conditions_mapped,
    cast(coalesce(drugs.drug_count, 0) as bigint) as drug_count,
    cast(coalesce(drugs.drugs_mapped, 0) as bigint) as drugs_mapped,
    studies.has_results,
    studies.last_update_posted_date,
    cast(studies.record_source as {{ dbt.type_string() }}) as record_source
from {{ ref('int_registry__studies') }} as studies
left join lead_sponsors on lead_sponsors.nct_id = studies.nct_id
left join countries on countries.nct_id = studies.nct_id
left join condition_terms on condition_terms.nct_id = studies.nct_id
left join conditions on conditions.nct_id = studies.nct_id
left join drugs on drugs.nct_id = studies.nct_id
