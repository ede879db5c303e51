{#- An intervention type as API v2's code for AACT's labels too ("Combination Product" →
    COMBINATION_PRODUCT, "Drug" → DRUG). -#}
{% macro intervention_type_code(intervention_type) -%}
    upper(replace(trim({{ intervention_type }}), ' ', '_'))
{%- endmacro %}
