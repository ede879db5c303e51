{#- A registry label as an API v2-style code, so AACT's legacy labels and API v2 codes compare
    equal: upper case, every run of other characters one underscore ("Active, not recruiting" →
    ACTIVE_NOT_RECRUITING, "Case-Control" → CASE_CONTROL, "Health Services Research" →
    HEALTH_SERVICES_RESEARCH). -#}
{% macro label_code(label) -%}
    trim(both '_' from regexp_replace(upper(trim({{ label }})), '[^A-Z0-9]+', '_', 'g'))
{%- endmacro %}
