{#- Staging of AACT-shaped `interventions`, the same for every source (aact, ctgov). -#}
{% macro stage_interventions(source_name) -%}
select
    id as intervention_id,
    nct_id,
    intervention_type,
    name as intervention_name,
    lower(trim(name)) as intervention_name_lower,
    description
from {{ source(source_name, 'interventions') }}
{%- endmacro %}
