{#- A pre-hook for models whose inputs PostgreSQL cannot estimate (word lists from `unnest`,
    window-filtered CTEs): it estimated such inputs at a few rows and joined them in nested
    loops, quadratic in the studies (int_trial_drugs took 388 s at 50,000 studies). Inside the
    model's transaction only (`set local`); the build's tables have no indexes, so a nested loop
    is never the better plan there. DuckDB plans these joins as hash joins: nothing to do. -#}
{% macro no_nested_loops() -%}
    {{ return(adapter.dispatch('no_nested_loops')()) }}
{%- endmacro %}

{% macro default__no_nested_loops() -%}
{%- endmacro %}

{% macro postgres__no_nested_loops() -%}
    set local enable_nestloop = off
{%- endmacro %}
