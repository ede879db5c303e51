{#- A design group's type as one code for AACT's labels ("Active Comparator") and API v2's
    ("ACTIVE_COMPARATOR"): EXPERIMENTAL, ACTIVE_COMPARATOR, PLACEBO_COMPARATOR, SHAM_COMPARATOR,
    NO_INTERVENTION, OTHER; null when the group has no type (observational cohorts). -#}
{% macro arm_role(group_type) -%}
    nullif(upper(replace(replace(trim({{ group_type }}), ' ', '_'), '-', '_')), '')
{%- endmacro %}
