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
