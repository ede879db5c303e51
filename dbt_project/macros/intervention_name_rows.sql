{#- Each name an intervention goes by, one row each (intervention_id, name): its name, its
    normalised drug name (`drug_key`: "Oseltamivir Phosphate" is oseltamivir) and its other
    names, for the interventions whose ids the query `kept_ids` selects. Result groups name
    interventions by any of them. -#}
{% macro intervention_name_rows(kept_ids) -%}
    {%- for column in ['intervention_name', 'drug_key'] %}
    select interventions.intervention_id, interventions.{{ column }} as name
    from {{ ref('int_registry__interventions') }} as interventions
    where interventions.intervention_id in ({{ kept_ids }})
    union all
    {%- endfor %}
    select other_names.intervention_id, other_names.other_name
    from {{ ref('int_registry__intervention_other_names') }} as other_names
    where other_names.intervention_id in ({{ kept_ids }})
{%- endmacro %}
