{#- One row per study: what it is, where it stands, who leads it, and which source it came from. -#}
with lead_sponsors as (
    select
        nct_id,
        min(sponsor_name) as lead_sponsor_name,
        min(agency_class) as lead_sponsor_class
    from {{ ref('int_registry__sponsors') }}
    where lower(lead_or_collaborator) = 'lead'
    group by nct_id
),

countries as (
    select
        nct_id,
        count(distinct case when not is_removed then country_name end) as country_count
    from {{ ref('int_registry__countries') }}
    group by nct_id
)

select
    cast(studies.nct_id as {{ dbt.type_string() }}) as nct_id,
    cast(studies.brief_title as {{ dbt.type_string() }}) as brief_title,
    cast(studies.study_type_code as {{ dbt.type_string() }}) as study_type,
    cast(studies.overall_status_code as {{ dbt.type_string() }}) as overall_status,
    cast(studies.phase as {{ dbt.type_string() }}) as phase,
    cast(studies.phase_rank as numeric(3, 1)) as phase_rank,
    cast(studies.enrollment as bigint) as enrollment,
    cast(upper(studies.enrollment_type) as {{ dbt.type_string() }}) as enrollment_type,
    studies.start_date,
    cast(upper(studies.start_date_type) as {{ dbt.type_string() }}) as start_date_type,
    studies.primary_completion_date,
    cast(upper(studies.primary_completion_date_type) as {{ dbt.type_string() }})
        as primary_completion_date_type,
    studies.completion_date,
    cast(upper(studies.completion_date_type) as {{ dbt.type_string() }}) as completion_date_type,
    cast(lead_sponsors.lead_sponsor_name as {{ dbt.type_string() }}) as lead_sponsor_name,
    cast(upper(lead_sponsors.lead_sponsor_class) as {{ dbt.type_string() }}) as lead_sponsor_class,
    cast(coalesce(countries.country_count, 0) as bigint) as country_count,
    studies.has_results,
    studies.last_update_posted_date,
    cast(studies.record_source as {{ dbt.type_string() }}) as record_source
from {{ ref('int_registry__studies') }} as studies
left join lead_sponsors on lead_sponsors.nct_id = studies.nct_id
left join countries on countries.nct_id = studies.nct_id
