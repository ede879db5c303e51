{#- Staging of AACT-shaped `outcome_counts`, the same for every source (aact, ctgov). -#}
{% macro stage_outcome_counts(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as outcome_count_id,
    nct_id,
    outcome_id,
    result_group_id,
    ctgov_group_code,
    scope,
    units,
    count
from {{ source(source_name, 'outcome_counts') }}
{%- endmacro %}
