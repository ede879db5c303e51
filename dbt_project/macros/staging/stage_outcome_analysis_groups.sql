{#- Staging of AACT-shaped `outcome_analysis_groups`, the same for every source (aact, ctgov). -#}
{% macro stage_outcome_analysis_groups(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as outcome_analysis_group_id,
    nct_id,
    outcome_analysis_id,
    result_group_id,
    ctgov_group_code
from {{ source(source_name, 'outcome_analysis_groups') }}
{%- endmacro %}
