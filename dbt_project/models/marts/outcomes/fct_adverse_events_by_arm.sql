{#- Adverse events per study arm (result group) and seriousness: participants at risk, how many
    terms affected at least one of them, the most frequent term and its rate. Registries list
    every term of the study for every group, with 0 affected where the group had none: those
    are not this arm's events. Terms are not summed into a participant count: one participant
    can have several events. -#}
{{ config(pre_hook="{{ large_hashes() }}") }}
with events as (
    select
        events.nct_id,
        events.result_group_id,
        lower(events.event_type) as event_type,
        events.adverse_event_term,
        events.organ_system,
        events.subjects_affected,
        events.subjects_at_risk,
        row_number() over (
            partition by events.result_group_id, {{ bytewise('lower(events.event_type)') }}
            order by
                events.subjects_affected desc nulls last,
                {{ bytewise('events.adverse_event_term') }}
        ) as frequency_order
    from {{ ref('int_registry__reported_events') }} as events
    where events.result_group_id is not null
),

arms as (
    select
        nct_id,
        result_group_id,
        event_type,
        max(subjects_at_risk) as subjects_at_risk,
        count(distinct case when subjects_affected > 0 then {{ bytewise('adverse_event_term') }} end)
            as term_count,
        count(distinct case when subjects_affected > 0 then {{ bytewise('organ_system') }} end)
            as organ_system_count,
        max(case when frequency_order = 1 and subjects_affected > 0 then adverse_event_term end)
            as most_frequent_term,
        max(case when frequency_order = 1 and subjects_affected > 0 then subjects_affected end)
            as most_frequent_term_subjects_affected
    from events
    group by nct_id, result_group_id, event_type
)

select
    cast({{ surrogate_key(['arms.result_group_id', 'arms.event_type']) }} as {{ dbt.type_string() }})
        as arm_event_type_id,
    cast(arms.nct_id as {{ dbt.type_string() }}) as nct_id,
    cast(arms.result_group_id as bigint) as result_group_id,
    cast(result_groups.ctgov_group_code as {{ dbt.type_string() }}) as ctgov_group_code,
    cast(result_groups.result_group_title as {{ dbt.type_string() }}) as result_group_title,
    cast(arms.event_type as {{ dbt.type_string() }}) as event_type,
    cast(arms.subjects_at_risk as bigint) as subjects_at_risk,
    cast(arms.term_count as bigint) as term_count,
    cast(arms.organ_system_count as bigint) as organ_system_count,
    cast(arms.most_frequent_term as {{ dbt.type_string() }}) as most_frequent_term,
    cast(arms.most_frequent_term_subjects_affected as bigint)
        as most_frequent_term_subjects_affected,
    cast(
        case
            when arms.subjects_at_risk > 0
                then 1.0 * arms.most_frequent_term_subjects_affected / arms.subjects_at_risk
        end as double precision
    ) as most_frequent_term_rate
from arms
left join {{ ref('int_registry__result_groups') }} as result_groups
    on result_groups.result_group_id = arms.result_group_id
