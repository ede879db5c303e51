{#- Staging of AACT-shaped `outcomes`, the same for every source (aact, ctgov). -#}
{% macro stage_outcomes(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as outcome_id,
    nct_id,
    outcome_type,
    title as outcome_title,
    description,
    time_frame,
    population,
    units,
    units_analyzed,
    param_type,
    dispersion_type
from {{ source(source_name, 'outcomes') }}
{%- endmacro %}
