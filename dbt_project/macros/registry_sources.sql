{#- The registries of this build, in load order: orchestration/sources.py declares them, and
    dbt_env passes the ones CTW_SOURCES chooses, comma-separated. On a tie over a study, a later
    one's record wins it (int_study_sources). -#}
{% macro registry_sources() -%}
{{ return(env_var('CTW_SOURCES').split(',')) }}
{%- endmacro %}
