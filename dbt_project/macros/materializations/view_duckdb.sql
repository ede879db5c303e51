{#- A view on DuckDB in one statement: `create or replace view`, atomic in DuckDB's own
    transaction, where dbt's default view materialization creates an intermediate view, renames
    the old one aside, renames the new one in and drops the old (five statements and their
    Jinja for each of a build's ~50 views). An object of another kind under the name (a table
    left by an older model) is dropped first. Grants and persisted docs are not used here. -#}
{%- materialization view, adapter='duckdb' -%}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='view') -%}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {%- if existing_relation is not none and not existing_relation.is_view %}
    {{ drop_relation_if_exists(existing_relation) }}
  {%- endif %}
  {% call statement('main') -%}
    create or replace view {{ target_relation }} as (
{{ sql }}
    );
  {%- endcall %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target_relation]}) }}
{%- endmaterialization -%}
