{#- A registry date's type in CTRP's words: ACTUAL → Actual, ESTIMATED / Anticipated →
    Anticipated. Old records (AACT's legacy rows) carry no type: a date not after the record's
    last update is taken as Actual, a later one as Anticipated. NULL without a date. -#}
{% macro ctrp_date_type(date_column, type_column, last_update_column) -%}
    case
        when {{ date_column }} is null then null
        when upper({{ type_column }}) = 'ACTUAL' then 'Actual'
        when upper({{ type_column }}) in ('ESTIMATED', 'ANTICIPATED') then 'Anticipated'
        when {{ date_column }} <= {{ last_update_column }} then 'Actual'
        else 'Anticipated'
    end
{%- endmacro %}
