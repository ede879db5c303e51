{#- A registry's staging exists only when it is a source of the build (CTW_SOURCES): views over
    another source's empty tables cost dbt a node each and tell nothing, and their tests go
    with them. Every AACT-shaped staging macro calls it with its source. -#}
{% macro enabled_when_loaded(source_name) -%}
{{ config(enabled=source_name in registry_sources()) }}
{%- endmacro %}
