{#- Staging of AACT-shaped `interventions`, the same for every source (aact, ctgov). The
    drug key is int_registry__interventions' work (once per distinct name). -#}
{% macro stage_interventions(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as intervention_id,
    nct_id,
    intervention_type,
    {{ registry_code('intervention_type') }} as intervention_type_code,
    name as intervention_name,
    lower(trim(name)) as intervention_name_lower,
    description
from {{ source(source_name, 'interventions') }}
{%- endmacro %}
