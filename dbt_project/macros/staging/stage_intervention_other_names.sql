{#- Staging of AACT-shaped `intervention_other_names`, the same for every source (aact, ctgov):
    keyed like interventions' names so drug mapping can try them when the name itself misses. -#}
{% macro stage_intervention_other_names(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as intervention_other_name_id,
    nct_id,
    intervention_id,
    name as other_name,
    {{ normalize_drug_name('name') }} as drug_key
from {{ source(source_name, 'intervention_other_names') }}
{%- endmacro %}
