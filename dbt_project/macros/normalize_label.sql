{#- A free-text label as a matching key: lower case, runs of whitespace (`collapse_whitespace`:
    the same characters on DuckDB and PostgreSQL) as one space, trimmed. -#}
{% macro normalize_label(expression) -%}
    {{ collapse_whitespace('lower(' ~ expression ~ ')') }}
{%- endmacro %}
