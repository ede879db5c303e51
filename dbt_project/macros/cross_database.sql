{#- Cross-database helpers: DuckDB first, PostgreSQL second, through adapter.dispatch. -#}

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

{#- Trial phase as a number: Early Phase 1 = 0.5, Phase 1/Phase 2 = 1.5, …, Phase 4 = 4.
    Accepts AACT's labels ("Phase 1/Phase 2") and API v2 codes ("PHASE1, PHASE2"). -#}
{% macro phase_rank(phase) -%}
    {{ return(adapter.dispatch('phase_rank')(phase)) }}
{%- endmacro %}

{% macro default__phase_rank(phase) -%}
    {%- set p = "upper(replace(replace(replace(replace(" ~ phase ~ ", ' ', ''), '_', ''), ',', '/'), '|', '/'))" -%}
    case {{ p }}
        when 'EARLYPHASE1' then 0.5
        when 'PHASE1' then 1.0
        when 'PHASE1/PHASE2' then 1.5
        when 'PHASE2' then 2.0
        when 'PHASE2/PHASE3' then 2.5
        when 'PHASE3' then 3.0
        when 'PHASE4' then 4.0
    end
{%- endmacro %}

{#- The label for a phase rank, in AACT's wording. -#}
{% macro phase_label(rank) -%}
    case {{ rank }}
        when 0.5 then 'Early Phase 1'
        when 1.0 then 'Phase 1'
        when 1.5 then 'Phase 1/Phase 2'
        when 2.0 then 'Phase 2'
        when 2.5 then 'Phase 2/Phase 3'
        when 3.0 then 'Phase 3'
        when 4.0 then 'Phase 4'
    end
{%- endmacro %}
