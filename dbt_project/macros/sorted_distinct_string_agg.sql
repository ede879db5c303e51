{#- Distinct values of `expression`, sorted, joined by `separator` into one string; '' for a
    group whose values are all NULL (DuckDB's empty list; PostgreSQL's string_agg gives NULL). -#}
{% macro sorted_distinct_string_agg(expression, separator=', ') -%}
    {{ return(adapter.dispatch('sorted_distinct_string_agg')(expression, separator)) }}
{%- endmacro %}

{% macro duckdb__sorted_distinct_string_agg(expression, separator) -%}
    array_to_string(list_sort(list_distinct(list({{ expression }}))), '{{ separator }}')
{%- endmacro %}

{% macro postgres__sorted_distinct_string_agg(expression, separator) -%}
    coalesce(
        string_agg(
            distinct {{ bytewise(expression) }}, '{{ separator }}'
            order by {{ bytewise(expression) }}
        ),
        case when count(*) > 0 then '' end
    )
{%- endmacro %}
