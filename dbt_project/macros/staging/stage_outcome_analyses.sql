{#- Staging of AACT-shaped `outcome_analyses`, the same for every source (aact, ctgov). -#}
{% macro stage_outcome_analyses(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as outcome_analysis_id,
    nct_id,
    outcome_id,
    {{ registry_code('non_inferiority_type') }} as non_inferiority_type,
    param_type,
    param_value,
    {{ registry_code('dispersion_type') }} as dispersion_type,
    dispersion_value,
    nullif(trim(p_value_modifier), '') as p_value_modifier,
    p_value,
    p_value_raw,
    p_value_description,
    ci_n_sides,
    ci_percent,
    ci_lower_limit,
    ci_upper_limit,
    method,
    method_description,
    estimate_description,
    groups_description
from {{ source(source_name, 'outcome_analyses') }}
{%- endmacro %}
