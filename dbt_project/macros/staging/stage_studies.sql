{#- Staging of AACT-shaped `studies`, the same for every source (aact, ctgov). -#}
{% macro stage_studies(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    nct_id,
    brief_title,
    official_title,
    acronym,
    study_type,
    {{ registry_code('study_type') }} as study_type_code,
    overall_status,
    {{ registry_code('overall_status') }} as overall_status_code,
    phase,
    {{ phase_rank('phase') }} as phase_rank,
    coalesce(
        {{ phase_code(phase_rank('phase')) }},
        case when {{ registry_code('phase') }} = 'NA' then 'NA' end
    ) as phase_code,
    enrollment,
    {{ registry_code('enrollment_type') }} as enrollment_type,
    start_date,
    {{ registry_code('start_date_type') }} as start_date_type,
    primary_completion_date,
    {{ registry_code('primary_completion_date_type') }} as primary_completion_date_type,
    completion_date,
    {{ registry_code('completion_date_type') }} as completion_date_type,
    study_first_posted_date,
    results_first_posted_date,
    last_update_posted_date,
    why_stopped,
    results_first_submitted_date is not null or results_first_posted_date is not null
        as has_results,
    source as source_organization
from {{ source(source_name, 'studies') }}
{%- endmacro %}
