{#- Staging of AACT-shaped `designs` (one row per study), the same for every source (aact,
    ctgov); the labels also as API v2-style codes, which AACT's legacy labels and API v2 share. -#}
{% macro stage_designs(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as design_id,
    nct_id,
    allocation,
    intervention_model,
    masking,
    primary_purpose,
    {{ registry_code('primary_purpose') }} as primary_purpose_code,
    observational_model,
    {{ registry_code('observational_model') }} as observational_model_code,
    time_perspective,
    {{ registry_code('time_perspective') }} as time_perspective_code
from {{ source(source_name, 'designs') }}
{%- endmacro %}
