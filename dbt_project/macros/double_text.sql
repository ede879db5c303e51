{#- A double as text, written the same on both targets: DuckDB writes whole numbers with ".0"
    ("1.0"), PostgreSQL without ("1"), so PostgreSQL's gets ".0" added. (They also switch to
    exponents at different sizes, 1e16 and 1e15: not reached by the p-values this serves.) -#}
{% macro double_text(expression) -%}
    {{ return(adapter.dispatch('double_text')(expression)) }}
{%- endmacro %}

{% macro default__double_text(expression) -%}
    cast({{ expression }} as {{ dbt.type_string() }})
{%- endmacro %}

{% macro postgres__double_text(expression) -%}
    regexp_replace(cast({{ expression }} as text), '^(-?[0-9]+)$', '\1.0')
{%- endmacro %}
