{#- Staging of AACT-shaped `facilities`, the same for every source (aact, ctgov). -#}
{% macro stage_facilities(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as facility_id,
    nct_id,
    status as facility_status,
    name as facility_name,
    city,
    state,
    zip,
    country,
    latitude,
    longitude
from {{ source(source_name, 'facilities') }}
{%- endmacro %}
