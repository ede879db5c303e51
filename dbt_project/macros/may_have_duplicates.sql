{#- A condition that is false, at the cost of one sort, when `column` of `relation` repeats no
    value. On PostgreSQL a `group by … having count(*) > 1` over ten million distinct keys is a
    hash aggregate that spills (11 s at 10 million rows); `count(distinct …)` is a sort (3 s; as
    text in the C collation, so that text keys compare bytewise). A duplicate check puts it in
    front of its grouping: PostgreSQL evaluates it once, first, and skips the grouping when it
    is false. DuckDB's hash aggregate is fast: nothing to add there. -#}
{% macro may_have_duplicates(relation, column) -%}
    {{ return(adapter.dispatch('may_have_duplicates')(relation, column)) }}
{%- endmacro %}

{% macro default__may_have_duplicates(relation, column) -%}
    true
{%- endmacro %}

{% macro postgres__may_have_duplicates(relation, column) -%}
    (select count({{ column }}) - count(distinct cast({{ column }} as text) collate "C")
        from {{ relation }}) > 0
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
