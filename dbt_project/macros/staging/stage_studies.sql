{#- Staging of AACT-shaped `studies`, the same for every source (aact, ctgov). -#}
{% macro stage_studies(source_name) -%}
select
    nct_id,
    brief_title,
    official_title,
    acronym,
    study_type,
    overall_status,
    phase,
    {{ phase_rank('phase') }} as phase_rank,
    enrollment,
    enrollment_type,
    start_date,
    primary_completion_date,
    completion_date,
    study_first_posted_date,
    results_first_posted_date,
    last_update_posted_date,
    why_stopped,
    source as source_organization
from {{ source(source_name, 'studies') }}
{%- endmacro %}
