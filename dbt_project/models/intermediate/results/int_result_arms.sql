{#- The arms (design groups) of the studies with results, an eighth of a registry's studies, with
    what the result-group links weigh: whether an arm is a placebo arm (its role says placebo or
    sham comparator, or every intervention it receives is a placebo) and how many arms its study
    has. Read by every stage of the links (int_result_group_rule_links, int_result_group_arms). -#}
{{ config(materialized='table') }}
with result_arms as (
    select groups.*
    from {{ ref('int_registry__design_groups') }} as groups
    where groups.nct_id in (
        select result_groups.nct_id from {{ ref('int_registry__result_groups') }} as result_groups
    )
),

arm_interventions as (
    select
        links.design_group_id,
        count(*) as intervention_count,
        sum(case when {{ is_placebo_key('interventions.drug_key') }} then 1 else 0 end)
            as placebo_count
    from {{ ref('int_registry__design_group_interventions') }} as links
    inner join result_arms on result_arms.design_group_id = links.design_group_id
    inner join {{ ref('int_registry__interventions') }} as interventions
        on interventions.intervention_id = links.intervention_id
    group by links.design_group_id
)

select
    groups.design_group_id,
    groups.nct_id,
    groups.design_group_title,
    groups.description,
    groups.arm_role,
    coalesce(
        groups.arm_role in ('PLACEBO_COMPARATOR', 'SHAM_COMPARATOR')
        or arm_interventions.placebo_count = arm_interventions.intervention_count,
        false
    ) as is_placebo_arm,
    count(*) over (partition by {{ bytewise('groups.nct_id') }}) as study_arm_count
from result_arms as groups
left join arm_interventions on arm_interventions.design_group_id = groups.design_group_id
