{#- Staging of AACT-shaped `outcomes`, the same for every source (aact, ctgov). -#}
{% macro stage_outcomes(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as outcome_id,
    nct_id,
    {{ registry_code('outcome_type') }} as outcome_type,
    title as outcome_title,
    description,
    time_frame,
    population,
    units,
    units_analyzed,
    {{ registry_code('param_type') }} as param_type,
    {{ registry_code('dispersion_type') }} as dispersion_type
from {{ source(source_name, 'outcomes') }}
{%- endmacro %}
