{#- Staging of AACT-shaped `browse_interventions`, the same for every source (aact, ctgov). -#}
{% macro stage_browse_interventions(source_name) -%}
select
    id as browse_intervention_id,
    nct_id,
    mesh_term,
    coalesce(downcase_mesh_term, lower(mesh_term)) as mesh_term_lower,
    {{ normalize_label('mesh_term') }} as mesh_term_key,
    mesh_type,
    mesh_id
from {{ source(source_name, 'browse_interventions') }}
{%- endmacro %}
