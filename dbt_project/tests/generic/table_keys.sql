{#- A table's keys in one query, where `unique`, `not_null` and `relationships` would take one
    query (and one dbt node) per column: the primary key present and unique, the `not_null`
    columns present, and each reference found in its parent (`references`: column → parent
    relation, matched on the parent's column of the same name; a null reference is not an
    orphan). One row per problem: what, which column, which value, how many rows. -#}
{% test table_keys(model, primary_key, not_null=[], references={}) %}
select 'null primary key {{ primary_key }}' as problem, '{{ primary_key }}' as column_name,
    cast(null as varchar) as key_value, count(*) as row_count
from {{ model }}
where {{ primary_key }} is null
having count(*) > 0

union all

select 'duplicate primary key', '{{ primary_key }}', cast({{ primary_key }} as varchar), count(*)
from {{ model }}
where {{ primary_key }} is not null
group by {{ primary_key }}
having count(*) > 1
{%- for column in not_null %}

union all

select 'null {{ column }}', '{{ column }}', cast(null as varchar), count(*)
from {{ model }}
where {{ column }} is null
having count(*) > 0
{%- endfor %}
{%- for column, parent in references.items() %}

union all

select 'not in {{ parent.identifier }}', '{{ column }}', cast(child.{{ column }} as varchar), count(*)
from {{ model }} as child
where child.{{ column }} is not null
    and not exists (
        select 1 from {{ parent }} as parent where parent.{{ column }} = child.{{ column }}
    )
group by child.{{ column }}
{%- endfor %}
{% endtest %}
