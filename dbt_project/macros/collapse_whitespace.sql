{#- Text with every run of whitespace (tabs, line breaks, no-break and ideographic spaces too)
    made one space, and none at either end: names compared as people read them. The regex
    escapes for the two Unicode spaces differ between DuckDB (RE2) and PostgreSQL. -#}
{% macro collapse_whitespace(expression) -%}
    {{ return(adapter.dispatch('collapse_whitespace')(expression)) }}
{%- endmacro %}

{% macro duckdb__collapse_whitespace(expression) -%}
    trim(regexp_replace({{ expression }}, '[\s\x{00A0}\x{3000}]+', ' ', 'g'))
{%- endmacro %}

{% macro postgres__collapse_whitespace(expression) -%}
    trim(regexp_replace({{ expression }}, '[\s\u00A0\u3000]+', ' ', 'g'))
{%- endmacro %}
