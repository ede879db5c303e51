{#- Staging of AACT-shaped `design_outcomes` (the outcome measures registered in the protocol,
    with or without results), the same for every source (aact, ctgov). -#}
{% macro stage_design_outcomes(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as design_outcome_id,
    nct_id,
    {{ registry_code('outcome_type') }} as outcome_type,
    measure,
    time_frame,
    population,
    description
from {{ source(source_name, 'design_outcomes') }}
{%- endmacro %}
