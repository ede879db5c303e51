{#- One row per outcome and result group: what was measured and analysed for each group. -#}
{{ config(pre_hook="{{ large_hashes() }}") }}
select
    pairs.outcome_result_group_id,
    outcomes.nct_id,
    pairs.outcome_id,
    outcomes.outcome_type,
    outcomes.outcome_title,
    outcomes.time_frame,
    outcomes.units,
    outcomes.param_type,
    pairs.result_group_id,
    result_groups.ctgov_group_code,
    result_groups.result_group_title,
    cast(pairs.measurement_count as bigint) as measurement_count,
    cast(pairs.measured_value as double precision) as measured_value,
    cast(pairs.analysis_count as bigint) as analysis_count,
    cast(pairs.min_p_value as double precision) as min_p_value,
    cast(pairs.min_p_value_modifier as {{ dbt.type_string() }}) as min_p_value_modifier
from {{ ref('int_outcome_result_groups') }} as pairs
inner join {{ ref('int_registry__outcomes') }} as outcomes
    on outcomes.outcome_id = pairs.outcome_id
inner join {{ ref('int_registry__result_groups') }} as result_groups
    on result_groups.result_group_id = pairs.result_group_id
