{#- Staging of AACT-shaped `conditions`, the same for every source (aact, ctgov). -#}
{% macro stage_conditions(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as condition_id,
    nct_id,
    name as condition_name,
    coalesce(downcase_name, lower(name)) as condition_name_lower,
    {{ normalize_label('name') }} as condition_key
from {{ source(source_name, 'conditions') }}
{%- endmacro %}
