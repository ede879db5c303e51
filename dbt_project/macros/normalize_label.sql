{#- A free-text label as a matching key: lower case, runs of whitespace as one space, trimmed.
    The same regular expression runs on DuckDB (RE2) and PostgreSQL. -#}
{% macro normalize_label(expression) -%}
    trim(regexp_replace(lower({{ expression }}), '\s+', ' ', 'g'))
{%- endmacro %}
