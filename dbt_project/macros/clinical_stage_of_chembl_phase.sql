{#- ChEMBL's max_phase_for_ind (4 = approved for the indication, 0.5 = early phase 1, -1 or
    null = unknown) as a clinical stage. -#}
{% macro clinical_stage_of_chembl_phase(max_phase) -%}
    case
        when {{ max_phase }} >= 4 then 'APPROVAL'
        when {{ max_phase }} >= 3 then 'PHASE_3'
        when {{ max_phase }} >= 2 then 'PHASE_2'
        when {{ max_phase }} >= 1 then 'PHASE_1'
        when {{ max_phase }} >= 0.5 then 'EARLY_PHASE_1'
        else 'UNKNOWN'
    end
{%- endmacro %}
