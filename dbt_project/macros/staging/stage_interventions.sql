{#- Staging of AACT-shaped `interventions`, the same for every source (aact, ctgov). -#}
{% macro stage_interventions(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as intervention_id,
    nct_id,
    intervention_type,
    {{ intervention_type_code('intervention_type') }} as intervention_type_code,
    name as intervention_name,
    lower(trim(name)) as intervention_name_lower,
    {{ normalize_drug_name('name') }} as drug_key,
    description
from {{ source(source_name, 'interventions') }}
{%- endmacro %}
