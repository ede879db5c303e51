{#- Staging of AACT-shaped `design_groups`, the same for every source (aact, ctgov). -#}
{% macro stage_design_groups(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as design_group_id,
    nct_id,
    group_type,
    {{ registry_code('group_type') }} as arm_role,
    title as design_group_title,
    description
from {{ source(source_name, 'design_groups') }}
{%- endmacro %}
