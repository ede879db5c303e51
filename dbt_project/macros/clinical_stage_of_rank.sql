{#- The clinical stage category of a rank (`clinical_stage_rank`'s inverse). -#}
{% macro clinical_stage_of_rank(rank) -%}
    case {{ rank }}
        when 1 then 'WITHDRAWAL'
        when 2 then 'APPROVAL'
        when 3 then 'PHASE_4'
        when 4 then 'PREAPPROVAL'
        when 5 then 'PHASE_3'
        when 6 then 'PHASE_2_3'
        when 7 then 'PHASE_2'
        when 8 then 'PHASE_1_2'
        when 9 then 'PHASE_1'
        when 10 then 'EARLY_PHASE_1'
        when 11 then 'IND'
        when 12 then 'PRECLINICAL'
        else 'UNKNOWN'
    end
{%- endmacro %}
