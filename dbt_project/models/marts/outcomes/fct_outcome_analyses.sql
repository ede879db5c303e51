{#- One row per statistical analysis of an outcome, as a statistician reads it: the method, the
    estimate with its confidence interval, the p-value with its modifier (`<0.001` stays an upper
    bound, never 0.001 exactly) and raw text, and the result groups compared. -#}
with compared as (
    select
        links.outcome_analysis_id,
        {{ sorted_distinct_string_agg('groups.ctgov_group_code') }} as group_codes,
        {{ sorted_distinct_string_agg('groups.result_group_title', ' vs ') }} as groups_compared,
        count(distinct links.result_group_id) as group_count
    from {{ ref('int_registry__outcome_analysis_groups') }} as links
    inner join {{ ref('int_registry__result_groups') }} as groups
        on groups.result_group_id = links.result_group_id
    group by links.outcome_analysis_id
)

select
    cast(analyses.outcome_analysis_id as bigint) as outcome_analysis_id,
    cast(analyses.nct_id as {{ dbt.type_string() }}) as nct_id,
    cast(analyses.outcome_id as bigint) as outcome_id,
    cast(outcomes.outcome_type as {{ dbt.type_string() }}) as outcome_type,
    cast(outcomes.outcome_title as {{ dbt.type_string() }}) as outcome_title,
    cast(analyses.method as {{ dbt.type_string() }}) as method,
    cast(analyses.param_type as {{ dbt.type_string() }}) as estimate_type,
    cast(analyses.param_value as double precision) as estimate,
    cast(analyses.ci_percent as double precision) as ci_percent,
    cast(analyses.ci_n_sides as {{ dbt.type_string() }}) as ci_sides,
    cast(analyses.ci_lower_limit as double precision) as ci_lower_limit,
    cast(analyses.ci_upper_limit as double precision) as ci_upper_limit,
    cast(analyses.dispersion_type as {{ dbt.type_string() }}) as dispersion_type,
    cast(analyses.dispersion_value as double precision) as dispersion_value,
    cast(analyses.p_value_modifier as {{ dbt.type_string() }}) as p_value_modifier,
    cast(analyses.p_value as double precision) as p_value,
    coalesce(analyses.p_value_modifier in ('<', '<=', '>', '>='), false) as p_value_is_bound,
    cast(
        coalesce(
            analyses.p_value_raw,
            coalesce(analyses.p_value_modifier, '') || {{ double_text('analyses.p_value') }}
        ) as {{ dbt.type_string() }}
    ) as p_value_text,
    cast(analyses.non_inferiority_type as {{ dbt.type_string() }}) as non_inferiority_type,
    cast(compared.group_codes as {{ dbt.type_string() }}) as group_codes,
    cast(compared.groups_compared as {{ dbt.type_string() }}) as groups_compared,
    cast(coalesce(compared.group_count, 0) as bigint) as group_count
from {{ ref('int_registry__outcome_analyses') }} as analyses
inner join {{ ref('int_registry__outcomes') }} as outcomes
    on outcomes.outcome_id = analyses.outcome_id
left join compared on compared.outcome_analysis_id = analyses.outcome_analysis_id
