{#- Staging of AACT-shaped `design_group_interventions`, the same for every source (aact, ctgov). -#}
{% macro stage_design_group_interventions(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as design_group_intervention_id,
    nct_id,
    design_group_id,
    intervention_id
from {{ source(source_name, 'design_group_interventions') }}
{%- endmacro %}
