{#- Distinct values of `expression`, sorted, joined by `separator` into one string. -#}
{% macro sorted_distinct_string_agg(expression, separator=', ') -%}
    {{ return(adapter.dispatch('sorted_distinct_string_agg')(expression, separator)) }}
{%- endmacro %}

{% macro duckdb__sorted_distinct_string_agg(expression, separator) -%}
    array_to_string(list_sort(list_distinct(list({{ expression }}))), '{{ separator }}')
{%- endmacro %}

{% macro postgres__sorted_distinct_string_agg(expression, separator) -%}
    string_agg(distinct {{ expression }}, '{{ separator }}' order by {{ expression }})
{%- endmacro %}
