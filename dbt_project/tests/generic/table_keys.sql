{#- A table's keys in one query, where `unique`, `not_null` and `relationships` would take one
    query (and one dbt node) per column: the primary key (when it has one) present and unique,
    the `not_null` columns present, the `unique` columns without repeats (nulls allowed), and
    each reference found in its parent (`references`: column → parent relation, matched on the
    parent's column of the same name; a null reference is not an orphan). One row per problem:
    what, which column, which value, how many rows. -#}
{% test table_keys(model, primary_key=none, not_null=[], unique=[], references={}) %}
{%- if not (primary_key or not_null or unique or references) -%}
{{ exceptions.raise_compiler_error("table_keys on " ~ model ~ ": name a primary_key, not_null, unique or references") }}
{%- endif %}
select cast(null as varchar) as problem, cast(null as varchar) as column_name,
    cast(null as varchar) as key_value, cast(0 as bigint) as row_count
where false
{%- if primary_key %}

union all

select 'null primary key {{ primary_key }}', '{{ primary_key }}', cast(null as varchar), count(*)
from {{ model }}
where {{ primary_key }} is null
having count(*) > 0
{%- endif %}
{%- for column in ([primary_key] if primary_key else []) + unique %}

union all

select 'duplicate {{ "primary key" if column == primary_key else column }}', '{{ column }}',
    cast({{ column }} as varchar), count(*)
from {{ model }}
where {{ column }} is not null and {{ may_have_duplicates(model, column) }}
group by {{ column }}
having count(*) > 1
{%- endfor %}
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
