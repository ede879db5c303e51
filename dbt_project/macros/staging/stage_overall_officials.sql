{#- Staging of AACT-shaped `overall_officials`, the same for every source (aact, ctgov); the role
    also as an API v2-style code ("Principal Investigator" → PRINCIPAL_INVESTIGATOR). -#}
{% macro stage_overall_officials(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as overall_official_id,
    nct_id,
    role,
    {{ registry_code('role') }} as role_code,
    name as official_name,
    affiliation
from {{ source(source_name, 'overall_officials') }}
{%- endmacro %}
