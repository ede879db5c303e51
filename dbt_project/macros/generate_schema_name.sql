{#- Models land in the schema their folder names (staging, intermediate, marts), not in
    `<target schema>_<name>`, so users query `marts.fct_…` on every target. While a build is
    written beside the live warehouse on PostgreSQL, CTW_DBT_SCHEMA_SUFFIX (`__building`) keeps
    it apart until publish renames the schemas. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}
    {%- else -%}{{ custom_schema_name | trim }}{{ env_var('CTW_DBT_SCHEMA_SUFFIX') }}{%- endif -%}
{%- endmacro %}
