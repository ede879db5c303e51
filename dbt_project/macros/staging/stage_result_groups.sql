{#- Staging of AACT-shaped `result_groups`, the same for every source (aact, ctgov). -#}
{% macro stage_result_groups(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as result_group_id,
    nct_id,
    ctgov_group_code,
    result_type,
    title as result_group_title,
    description,
    outcome_id  -- an `Outcome` group's outcome (AACT 2024; NULL in older exports)
from {{ source(source_name, 'result_groups') }}
{%- endmacro %}
