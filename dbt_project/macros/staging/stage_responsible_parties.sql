{#- Staging of AACT-shaped `responsible_parties`, the same for every source (aact, ctgov); the
    type also as an API v2-style code ("Sponsor-Investigator" → SPONSOR_INVESTIGATOR). -#}
{% macro stage_responsible_parties(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as responsible_party_id,
    nct_id,
    responsible_party_type,
    {{ registry_code('responsible_party_type') }} as responsible_party_type_code,
    name as investigator_name,
    title as investigator_title,
    organization,
    affiliation
from {{ source(source_name, 'responsible_parties') }}
{%- endmacro %}
