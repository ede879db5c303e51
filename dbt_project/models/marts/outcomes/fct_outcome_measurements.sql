{#- One row per outcome measurement of a result group: the value with its dispersion, and the
    group's denominator from outcome_counts (participants analysed), so a rate or a mean comes
    with the number it is over. Titles live once per outcome × group in fct_outcome_summaries
    (join on outcome_id, result_group_id), not ten million times here. -#}
{{ config(pre_hook="{{ large_hashes() }}") }}
with denominators as (
    select
        outcome_id,
        result_group_id,
        max(case when lower(units) like 'participant%' then count end) as participants_analyzed,
        min({{ bytewise('units') }}) as denominator_units,
        max(count) as units_analyzed
    from {{ ref('int_registry__outcome_counts') }}
    where result_group_id is not null
    group by outcome_id, result_group_id
),

{#- the outcome's parameter and dispersion types, else (older AACT exports, whose outcomes
    table has neither column: NULL in every row) its measurements' (one per measure in API v2,
    which AACT copies onto the outcome and each measurement), coded once per outcome. A column
    the outcomes table carries is the measure's own: NULL there means none, so the measurements
    are read for their types only when a column is missing, not for every outcome that has no
    dispersion (half of them: read, that was a third of the model's work at full scale) -#}
outcome_columns as (
    select
        count(param_type) > 0 as has_param_type,
        count(dispersion_type) > 0 as has_dispersion_type
    from {{ ref('int_registry__outcomes') }}
),

measurement_types as (
    select
        measurements.outcome_id,
        min({{ bytewise(registry_code('measurements.param_type')) }}) as param_type,
        min({{ bytewise(registry_code('measurements.dispersion_type')) }}) as dispersion_type
    from {{ ref('int_registry__outcome_measurements') }} as measurements
    where (select not (has_param_type and has_dispersion_type) from outcome_columns)
    group by measurements.outcome_id
),

{#- int_registry__outcomes is a table on PostgreSQL (its codes computed once, and statistics
    that let the planner hash the outcomes, not sort ten million measurements to merge them) -#}
typed_outcomes as (
    select
        outcomes.outcome_id,
        outcomes.outcome_type,
        coalesce(outcomes.param_type, measurement_types.param_type) as param_type,
        coalesce(outcomes.dispersion_type, measurement_types.dispersion_type) as dispersion_type,
        outcomes.units
    from {{ ref('int_registry__outcomes') }} as outcomes
    left join measurement_types on measurement_types.outcome_id = outcomes.outcome_id
)

select
    cast(measurements.outcome_measurement_id as bigint) as outcome_measurement_id,
    cast(measurements.nct_id as {{ dbt.type_string() }}) as nct_id,
    cast(measurements.outcome_id as bigint) as outcome_id,
    cast(outcomes.outcome_type as {{ dbt.type_string() }}) as outcome_type,
    cast(measurements.result_group_id as bigint) as result_group_id,
    cast(result_groups.ctgov_group_code as {{ dbt.type_string() }}) as ctgov_group_code,
    cast(measurements.classification as {{ dbt.type_string() }}) as classification,
    cast(measurements.category as {{ dbt.type_string() }}) as category,
    {#- the outcome's, coded once per outcome (typed_outcomes), not per measurement row -#}
    cast(outcomes.param_type as {{ dbt.type_string() }}) as param_type,
    cast(measurements.param_value as {{ dbt.type_string() }}) as param_value,
    cast(measurements.param_value_num as double precision) as param_value_num,
    cast(outcomes.dispersion_type as {{ dbt.type_string() }}) as dispersion_type,
    cast(measurements.dispersion_value_num as double precision) as dispersion_value_num,
    cast(measurements.dispersion_lower_limit as double precision) as dispersion_lower_limit,
    cast(measurements.dispersion_upper_limit as double precision) as dispersion_upper_limit,
    cast(coalesce(measurements.units, outcomes.units) as {{ dbt.type_string() }}) as units,
    cast(denominators.participants_analyzed as bigint) as participants_analyzed,
    cast(denominators.denominator_units as {{ dbt.type_string() }}) as denominator_units,
    cast(denominators.units_analyzed as bigint) as units_analyzed
from {{ ref('int_registry__outcome_measurements') }} as measurements
inner join typed_outcomes as outcomes on outcomes.outcome_id = measurements.outcome_id
left join {{ ref('int_registry__result_groups') }} as result_groups
    on result_groups.result_group_id = measurements.result_group_id
left join denominators
    on denominators.outcome_id = measurements.outcome_id
    and denominators.result_group_id = measurements.result_group_id
