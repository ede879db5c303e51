{#- A pre-hook for the models that join the largest tables (outcome measurements, reported
    events: millions of rows): `work_mem` raised to the var `pg_large_work_mem` (256MB) inside
    the model's transaction only, so their hash tables (two million result groups, a million and
    a half denominators) stay in memory instead of splitting both sides into batches on disk:
    fct_outcome_measurements' query at 560,000 studies 30.1 s → 13.9 s. Each hash or sort node of
    such a query may take that much once; the other models keep CTW_PG_DBT_OPTIONS' work_mem.
    DuckDB sizes its own operators: nothing to do. -#}
{% macro large_hashes() -%}
    {{ return(adapter.dispatch('large_hashes')()) }}
{%- endmacro %}

{% macro default__large_hashes() -%}
{%- endmacro %}

{% macro postgres__large_hashes() -%}
    set local work_mem = '{{ var("pg_large_work_mem") }}'
{%- endmacro %}
