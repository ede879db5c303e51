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
