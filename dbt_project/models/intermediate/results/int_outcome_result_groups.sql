{#- One row per outcome × result group that has measurements or analyses.
    Result groups are reached through result_group_id only: ctgov_group_code (OG000, …) repeats
    across outcomes and would multiply rows. -#}
{{ config(materialized='table', pre_hook="{{ large_hashes() }}") }}
{#- a table: it aggregates every outcome measurement, and the mart and its tests read it -#}
with measured as (
    select
        outcome_id,
        result_group_id,
        count(*) as measurement_count,
        case when count(*) = 1 then max(param_value_num) end as measured_value
    from {{ ref('int_registry__outcome_measurements') }}
    where result_group_id is not null
    group by outcome_id, result_group_id
),

group_analyses as (
    select
        analyses.outcome_id,
        analysis_groups.result_group_id,
        analyses.outcome_analysis_id,
        analyses.p_value,
        analyses.p_value_modifier,
        row_number() over (
            partition by analyses.outcome_id, analysis_groups.result_group_id
            order by
                case when analyses.p_value is null then 1 else 0 end,
                analyses.p_value,
                case when analyses.p_value_modifier like '<%' then 0 else 1 end,
                analyses.outcome_analysis_id
        ) as p_value_order
    from {{ ref('int_registry__outcome_analyses') }} as analyses
    inner join {{ ref('int_registry__outcome_analysis_groups') }} as analysis_groups
        on analysis_groups.outcome_analysis_id = analyses.outcome_analysis_id
    where analysis_groups.result_group_id is not null
),

analysed as (
    select
        outcome_id,
        result_group_id,
        count(distinct outcome_analysis_id) as analysis_count,
        min(p_value) as min_p_value,
        max(case when p_value_order = 1 and p_value is not null then p_value_modifier end)
            as min_p_value_modifier
    from group_analyses
    group by outcome_id, result_group_id
),

{#- each outcome × group measured or analysed: one full join of the two aggregates, not their
    union joined back to each (two more joins of 1.6 million rows at 560,000 studies) -#}
pairs as (
    select
        coalesce(measured.outcome_id, analysed.outcome_id) as outcome_id,
        coalesce(measured.result_group_id, analysed.result_group_id) as result_group_id,
        measured.measurement_count,
        measured.measured_value,
        analysed.analysis_count,
        analysed.min_p_value,
        analysed.min_p_value_modifier
    from measured
    full outer join analysed
        on analysed.outcome_id = measured.outcome_id
        and analysed.result_group_id = measured.result_group_id
)

select
    {{ surrogate_key(['pairs.outcome_id', 'pairs.result_group_id']) }} as outcome_result_group_id,
    pairs.outcome_id,
    pairs.result_group_id,
    coalesce(pairs.measurement_count, 0) as measurement_count,
    pairs.measured_value,
    coalesce(pairs.analysis_count, 0) as analysis_count,
    pairs.min_p_value,
    pairs.min_p_value_modifier
from pairs
