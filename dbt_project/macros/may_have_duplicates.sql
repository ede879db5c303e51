{#- A condition that is false, at the cost of one sort, when `column` of `relation` repeats no
    value. On PostgreSQL a `group by … having count(*) > 1` over ten million distinct keys is a
    hash aggregate that spills (11 s at 10 million rows); `count(distinct …)` is a sort (3 s; as
    text in the C collation, so that text keys compare bytewise: 6.2 s against 7.4 s for their
    64-bit hashes at ten million integer keys, and the same for text keys). A duplicate check puts
    it in front of its grouping: PostgreSQL evaluates it once, first (a one-time filter), and
    skips the grouping when it is false. DuckDB's hash aggregate is fast: nothing to add there. -#}
{% macro may_have_duplicates(relation, column) -%}
    {{ return(adapter.dispatch('may_have_duplicates')(relation, column)) }}
{%- endmacro %}

{% macro default__may_have_duplicates(relation, column) -%}
    true
{%- endmacro %}

{% macro postgres__may_have_duplicates(relation, column) -%}
    (select {{ repeated_values(column) }} from {{ relation }}) > 0
{%- endmacro %}

{#- In an aggregate over a relation: how many non-null values of `column` repeat another (0:
    none repeats); `none` where the database groups fast anyway (DuckDB: the check groups every
    time). -#}
{% macro repeated_values(column) -%}
    {{ return(adapter.dispatch('repeated_values')(column)) }}
{%- endmacro %}

{% macro default__repeated_values(column) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro postgres__repeated_values(column) -%}
    count({{ column }}) - count(distinct {{ bytewise('cast(' ~ column ~ ' as text)') }})
{%- endmacro %}

{#- dbt's `unique` test on PostgreSQL (dispatch order in dbt_project.yml), the same query as
    dbt's own behind that condition -#}
{% macro postgres__test_unique(model, column_name) %}
select {{ column_name }} as unique_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null and {{ may_have_duplicates(model, column_name) }}
group by {{ column_name }}
having count(*) > 1
{% endmacro %}
