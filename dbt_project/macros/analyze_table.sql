{#- A post-hook for every model: on PostgreSQL, a model built as a table gets its planner
    statistics at once (`analyze`), not when autovacuum gets to it, because the models and
    tests that read it next are planned right away; without them PostgreSQL guesses 200 rows
    for a filtered or grouped input and picks nested loops over hundreds of thousands of rows.
    DuckDB keeps its statistics as it writes: nothing to do. -#}
{% macro analyze_table() -%}
    {{ return(adapter.dispatch('analyze_table')()) }}
{%- endmacro %}

{% macro default__analyze_table() -%}
{%- endmacro %}

{% macro postgres__analyze_table() -%}
    {%- if config.get('materialized') == 'table' -%}analyze {{ this }}{%- endif -%}
{%- endmacro %}
