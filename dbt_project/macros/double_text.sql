{#- A double as text, written the same on both targets and as a registry writes it: a whole
    number without a fraction ("1", not DuckDB's "1.0"; PostgreSQL already writes "1"). (The two
    switch to exponents at different sizes, 1e16 and 1e15: not reached by the p-values this
    serves.) -#}
{% macro double_text(expression) -%}
    {{ return(adapter.dispatch('double_text')(expression)) }}
{%- endmacro %}

{% macro default__double_text(expression) -%}
    cast({{ expression }} as {{ dbt.type_string() }})
{%- endmacro %}

{% macro duckdb__double_text(expression) -%}
    regexp_replace(cast({{ expression }} as varchar), '^(-?[0-9]+)\.0$', '\1')
{%- endmacro %}
