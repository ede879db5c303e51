{#- The phase code for a phase rank (phase_rank), as AACT has written phases since its move to
    API v2 (2023): one vocabulary for studies from older exports ("Phase 1/Phase 2") and newer
    ones ("PHASE1/PHASE2", "PHASE1, PHASE2"). -#}
{% macro phase_code(rank) -%}
    case {{ rank }}
        when 0.5 then 'EARLY_PHASE1'
        when 1.0 then 'PHASE1'
        when 1.5 then 'PHASE1/PHASE2'
        when 2.0 then 'PHASE2'
        when 2.5 then 'PHASE2/PHASE3'
        when 3.0 then 'PHASE3'
        when 4.0 then 'PHASE4'
    end
{%- endmacro %}
