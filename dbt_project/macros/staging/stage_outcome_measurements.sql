{#- Staging of AACT-shaped `outcome_measurements`, the same for every source (aact, ctgov). -#}
{% macro stage_outcome_measurements(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as outcome_measurement_id,
    nct_id,
    outcome_id,
    result_group_id,
    ctgov_group_code,
    classification,
    category,
    title as measurement_title,
    units,
    param_type,
    param_value,
    param_value_num,
    dispersion_type,
    dispersion_value,
    dispersion_value_num,
    dispersion_lower_limit,
    dispersion_upper_limit,
    explanation_of_na
from {{ source(source_name, 'outcome_measurements') }}
{%- endmacro %}
