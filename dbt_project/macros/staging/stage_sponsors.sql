{#- Staging of AACT-shaped `sponsors`, the same for every source (aact, ctgov). -#}
{% macro stage_sponsors(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as sponsor_id,
    nct_id,
    agency_class,
    lead_or_collaborator,
    name as sponsor_name
from {{ source(source_name, 'sponsors') }}
{%- endmacro %}
