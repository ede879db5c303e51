{#- A trial phase as a number (`phase_rank`) as clinical_mining's clinical stage category. -#}
{% macro clinical_stage_of_phase_rank(phase_rank) -%}
    case {{ phase_rank }}
        when 4.0 then 'PHASE_4'
        when 3.0 then 'PHASE_3'
        when 2.5 then 'PHASE_2_3'
        when 2.0 then 'PHASE_2'
        when 1.5 then 'PHASE_1_2'
        when 1.0 then 'PHASE_1'
        when 0.5 then 'EARLY_PHASE_1'
        else 'UNKNOWN'
    end
{%- endmacro %}
