{#- A table's keys in one query, where `unique`, `not_null` and `relationships` would take one
    query (and one dbt node) per column: the primary key (when it has one) present and unique,
    the `not_null` columns present, the `unique` columns without repeats (nulls allowed), and
    each reference found in its parent (`references`: column → parent relation, matched on the
    parent's column of the same name; a null reference is not an orphan). One row per problem:
    what, which column, which value, how many rows.
    The nulls of every column (and on PostgreSQL whether a unique column may repeat at all:
    `repeated_values`) are counted in one pass over the model, `key_counts`: a staging view of
    a ten-million-row table is read once for them, not once per column; only a column whose
    count says so is grouped to name its repeated values. -#}
{% test table_keys(model, primary_key=none, not_null=[], unique=[], references={}) %}
{%- if not (primary_key or not_null or unique or references) -%}
{{ exceptions.raise_compiler_error("table_keys on " ~ model ~ ": name a primary_key, not_null, unique or references") }}
{%- endif %}
{%- set null_columns = ([primary_key] if primary_key else []) + not_null %}
{%- set unique_columns = ([primary_key] if primary_key else []) + unique %}
with key_counts as (
    select
        count(*) as row_count
        {%- for column in null_columns %},
        count(*) - count({{ column }}) as null_{{ loop.index }}
        {%- endfor %}
        {%- for column in unique_columns %}
        {%- set repeats = repeated_values(column) %}
        {%- if repeats is not none %},
        {{ repeats }} as repeats_{{ loop.index }}
        {%- endif %}
        {%- endfor %}
    from {{ model }}
)

select cast(null as varchar) as problem, cast(null as varchar) as column_name,
    cast(null as varchar) as key_value, cast(0 as bigint) as row_count
where false
{%- for column in null_columns %}

union all

select '{{ "null primary key " ~ column if primary_key and loop.first else "null " ~ column }}',
    '{{ column }}', cast(null as varchar), null_{{ loop.index }}
from key_counts
where null_{{ loop.index }} > 0
{%- endfor %}
{%- for column in unique_columns %}

union all

select 'duplicate {{ "primary key" if primary_key and loop.first else column }}', '{{ column }}',
    cast({{ column }} as varchar), count(*)
from {{ model }}
where {{ column }} is not null
{%- if repeated_values(column) is not none %}
    and (select repeats_{{ loop.index }} from key_counts) > 0
{%- endif %}
group by {{ column }}
having count(*) > 1
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
