{#- A table on DuckDB built under its own name, where dbt-duckdb's table materialization builds
    an intermediate table, renames the old one aside, renames the new one in and drops the old,
    and asks on the way about foreign keys, partitioning, sort order, indexes, grants and docs
    (none of which these models use): three statements fewer and most of the Jinja of each of
    a build's ~25 tables. A build writes into a new file, so the name is free. Where something
    is there already (a rerun by hand), the new table is built aside first and swapped in
    within the same transaction, so a model that fails (its contract, a NOT NULL) leaves the
    old one. Contracts are enforced as before (`create_table_as`: the columns checked, then
    `create table` with their types and `insert`). -#}
{%- materialization table, adapter='duckdb' -%}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set build_relation = target_relation if existing_relation is none
      else make_intermediate_relation(target_relation) -%}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {%- if existing_relation is not none %}
    {{ drop_relation_if_exists(load_cached_relation(build_relation)) }}
  {%- endif %}
  {% call statement('main') -%}
    {{- create_table_as(False, build_relation, sql) }}
  {%- endcall %}
  {%- if existing_relation is not none %}
    {{ drop_relation_if_exists(existing_relation) }}
    {{ adapter.rename_relation(build_relation, target_relation) }}
  {%- endif %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target_relation]}) }}
{%- endmaterialization -%}
