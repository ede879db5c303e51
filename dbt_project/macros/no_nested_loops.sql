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

{#- A pre-hook for the models whose every large join is an equality that fits a hash: nested
    loops off (above) and merge joins too. Without indexes a merge join sorts both inputs, and
    PostgreSQL, misjudging CTE and `unnest` sizes, chose merge joins that sorted millions of text
    rows (in the database's collation): at 560,000 studies int_trial_conditions took 70 s with
    them, 43 s without; int_trial_drugs 25 → 22 s, int_result_group_arms 25 → 23 s. Not for
    fct_drug_outcome_results, whose merge join is the faster plan there (44 s against 54 s). -#}
{% macro hash_joins() -%}
    {{ return(adapter.dispatch('hash_joins')()) }}
{%- endmacro %}

{% macro default__hash_joins() -%}
{%- endmacro %}

{% macro postgres__hash_joins() -%}
    {{ postgres__no_nested_loops() }};
    set local enable_mergejoin = off
{%- endmacro %}
