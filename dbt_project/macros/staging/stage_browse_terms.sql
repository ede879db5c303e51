{#- Staging of AACT-shaped `browse_conditions` and `browse_interventions` (the same columns), for
    every source (aact, ctgov): `id` renamed to `id_column`, the lower-case MeSH term, the MeSH
    id as NLM writes it (the API pads it to ten characters). -#}
{% macro stage_browse_terms(source_name, table, id_column) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as {{ id_column }},
    nct_id,
    mesh_term,
    coalesce(downcase_mesh_term, lower(mesh_term)) as mesh_term_lower,
    mesh_type,
    {{ mesh_ui('mesh_id') }} as mesh_id
from {{ source(source_name, table) }}
{%- endmacro %}
