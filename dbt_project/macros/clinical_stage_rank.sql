{#- clinical_mining's clinical stage categories and their ranks (1 = furthest along):
    WITHDRAWAL 1, APPROVAL 2, PHASE_4 3, PREAPPROVAL 4, PHASE_3 5, PHASE_2_3 6, PHASE_2 7,
    PHASE_1_2 8, PHASE_1 9, EARLY_PHASE_1 10, IND 11, PRECLINICAL 12, UNKNOWN 13. -#}
{% macro clinical_stage_rank(stage) -%}
    case {{ stage }}
        when 'WITHDRAWAL' then 1
        when 'APPROVAL' then 2
        when 'PHASE_4' then 3
        when 'PREAPPROVAL' then 4
        when 'PHASE_3' then 5
        when 'PHASE_2_3' then 6
        when 'PHASE_2' then 7
        when 'PHASE_1_2' then 8
        when 'PHASE_1' then 9
        when 'EARLY_PHASE_1' then 10
        when 'IND' then 11
        when 'PRECLINICAL' then 12
        else 13
    end
{%- endmacro %}
