{#- The intervention types that count as drugs in the marts, as a SQL list of codes: DRUG,
    BIOLOGICAL, COMBINATION_PRODUCT, and GENETIC when the var `include_genetic_interventions`
    is true (`dbt build --vars '{include_genetic_interventions: true}'`). -#}
{% macro drug_intervention_types() -%}
    'DRUG', 'BIOLOGICAL', 'COMBINATION_PRODUCT'
    {%- if var('include_genetic_interventions', false) %}, 'GENETIC'{% endif %}
{%- endmacro %}
