{#- A stable text key from several columns (md5 of their values joined by '|'). -#}
{% macro surrogate_key(columns) -%}
    {{ return(adapter.dispatch('surrogate_key')(columns)) }}
{%- endmacro %}

{% macro duckdb__surrogate_key(columns) -%}
    md5(concat_ws('|', {% for c in columns %}coalesce(cast({{ c }} as varchar), '')
        {%- if not loop.last %}, {% endif %}{% endfor %}))
{%- endmacro %}

{% macro postgres__surrogate_key(columns) -%}
    md5(concat_ws('|', {% for c in columns %}coalesce(cast({{ c }} as text), '')
        {%- if not loop.last %}, {% endif %}{% endfor %}))
{%- endmacro %}
