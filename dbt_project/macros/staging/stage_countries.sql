{#- Staging of AACT-shaped `countries`, the same for every source (aact, ctgov). -#}
{% macro stage_countries(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as country_id,
    nct_id,
    name as country_name,
    coalesce(removed, false) as is_removed
from {{ source(source_name, 'countries') }}
{%- endmacro %}
