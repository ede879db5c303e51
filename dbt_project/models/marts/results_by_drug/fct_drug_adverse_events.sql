{#- Adverse events by drug: one row per study × drug × serious/other × organ system × event term
    reported in the study, with the participants affected and at risk summed over the arms that
    receive the drug and over the study's other arms (placebo or comparator: arms that do not
    receive it), and the risk difference between the two.
    Arms are reached through int_result_group_arms (in a study that declares no arms, the sole
    intervention stands for the arm, titled by its group: `treatment_key`). An arm reported by several adverse-event
    groups (an analysis set and a subset of it, "Placebo (SS)" and "Placebo->OL CZP (SS)", or
    600 mg, 800 mg and "All" of one arm) counts once, by its group with the most participants at
    risk, so no participant is counted twice; a group pooling arms given the same treatment
    (`same_treatment`) counts only when none of those arms has a group of its own. Groups
    linked to no arm are left out. A term an
    arm's group does not list counts 0 affected of the group's participants at risk. -#}
{{ config(pre_hook=["{{ hash_joins() }}", "{{ large_hashes() }}"]) }}
with arm_drugs as (
    select treatment_key, nct_id, drug_key, drug_name
    from {{ ref('int_arm_drugs') }}
    where is_results_drug
),

events as (
    select
        nct_id,
        result_group_id,
        lower(event_type) as event_type,
        coalesce(organ_system, '') as organ_system,
        adverse_event_term,
        subjects_affected,
        subjects_at_risk
    from {{ ref('int_registry__reported_events') }}
    where result_group_id is not null and adverse_event_term is not null and event_type is not null
),

{#- a group pooling arms given the same treatment (link_method same_treatment) counts only when
    none of those arms has an adverse-event group of its own, which would count its
    participants twice -#}
pooled_overlaps as (
    select distinct pooled.result_group_id
    from {{ ref('int_result_group_arms') }} as pooled
    inner join {{ ref('int_result_group_arms') }} as own
        on own.nct_id = pooled.nct_id
        and own.result_type = 'Reported Event'
        and own.design_group_id is not null
        and position(
            ',' || {{ dbt.cast('own.design_group_id', dbt.type_string()) }} || ','
            in ',' || pooled.candidate_design_group_ids || ','
        ) > 0
    where pooled.link_method = 'same_treatment' and pooled.result_type = 'Reported Event'
),

{#- one adverse-event group per arm and event type: the one with the most participants at risk -#}
arm_groups as (
    select *
    from (
        select
            group_events.nct_id,
            group_events.result_group_id,
            group_events.event_type,
            group_events.subjects_at_risk,
            arms.treatment_key,
            coalesce(arms.design_group_title, arms.result_group_title) as design_group_title,
            arms.is_placebo_arm,
            row_number() over (
                partition by arms.treatment_key, {{ bytewise('group_events.event_type') }}
                order by group_events.subjects_at_risk desc nulls last, group_events.result_group_id
            ) as preference
        from (
            select nct_id, result_group_id, event_type, max(subjects_at_risk) as subjects_at_risk
            from events
            group by nct_id, result_group_id, event_type
        ) as group_events
        inner join {{ ref('int_result_group_arms') }} as arms
            on arms.result_group_id = group_events.result_group_id
        where arms.treatment_key is not null
            and arms.result_group_id not in (select result_group_id from pooled_overlaps)
    ) as ranked
    where preference = 1
),

terms as (
    select distinct nct_id, event_type, organ_system, adverse_event_term
    from events
),

{#- each arm's group × each term of the study: affected (0 when the group does not list the
    term) and at risk (the term's own count, else the group's) -#}
arm_terms as (
    select
        arm_groups.nct_id,
        arm_groups.treatment_key,
        arm_groups.design_group_title,
        arm_groups.is_placebo_arm,
        terms.event_type,
        terms.organ_system,
        terms.adverse_event_term,
        coalesce(sum(events.subjects_affected), 0) as subjects_affected,
        coalesce(max(events.subjects_at_risk), max(arm_groups.subjects_at_risk))
            as subjects_at_risk
    from arm_groups
    inner join terms
        on terms.nct_id = arm_groups.nct_id and terms.event_type = arm_groups.event_type
    left join events
        on events.result_group_id = arm_groups.result_group_id
        and events.event_type = terms.event_type
        and events.organ_system = terms.organ_system
        and events.adverse_event_term = terms.adverse_event_term
    group by
        arm_groups.nct_id,
        arm_groups.treatment_key,
        arm_groups.design_group_title,
        arm_groups.is_placebo_arm,
        terms.event_type,
        terms.organ_system,
        terms.adverse_event_term
),

trial_drugs as (
    select distinct arm_drugs.nct_id, arm_drugs.drug_key, arm_drugs.drug_name
    from arm_drugs
    inner join arm_groups on arm_groups.treatment_key = arm_drugs.treatment_key
),

sides as (
    select
        trial_drugs.nct_id,
        trial_drugs.drug_key,
        trial_drugs.drug_name,
        arm_terms.event_type,
        arm_terms.organ_system,
        arm_terms.adverse_event_term,
        arm_terms.design_group_title,
        arm_terms.is_placebo_arm,
        arm_terms.subjects_affected,
        arm_terms.subjects_at_risk,
        gives.treatment_key is not null as receives_drug
    from trial_drugs
    inner join arm_terms on arm_terms.nct_id = trial_drugs.nct_id
    left join arm_drugs as gives
        on gives.treatment_key = arm_terms.treatment_key
        and gives.drug_key = trial_drugs.drug_key
),

summed as (
    select
        nct_id,
        drug_key,
        drug_name,
        event_type,
        organ_system,
        adverse_event_term,
        {{ sorted_distinct_string_agg(
            'case when receives_drug then design_group_title end', ' | ') }} as drug_arms,
        sum(case when receives_drug then 1 else 0 end) as drug_arm_count,
        sum(case when receives_drug then subjects_affected end) as drug_subjects_affected,
        sum(case when receives_drug then subjects_at_risk end) as drug_subjects_at_risk,
        {{ sorted_distinct_string_agg(
            'case when not receives_drug then design_group_title end', ' | ') }}
            as comparator_arms,
        sum(case when receives_drug then 0 else 1 end) as comparator_arm_count,
        sum(case when not receives_drug and is_placebo_arm then 1 else 0 end)
            as comparator_placebo_arm_count,
        sum(case when not receives_drug then subjects_affected end)
            as comparator_subjects_affected,
        sum(case when not receives_drug then subjects_at_risk end) as comparator_subjects_at_risk
    from sides
    group by nct_id, drug_key, drug_name, event_type, organ_system, adverse_event_term
),

rates as (
    select
        *,
        case
            when drug_subjects_at_risk > 0
                then cast(drug_subjects_affected as double precision) / drug_subjects_at_risk
        end as drug_rate,
        case
            when comparator_subjects_at_risk > 0
                then cast(comparator_subjects_affected as double precision)
                    / comparator_subjects_at_risk
        end as comparator_rate
    from summed
)

select
    cast(
        {{ surrogate_key(['nct_id', 'drug_key', 'event_type', 'organ_system',
            'adverse_event_term']) }} as {{ dbt.type_string() }}
    ) as drug_adverse_event_id,
    cast(nct_id as {{ dbt.type_string() }}) as nct_id,
    cast(drug_key as {{ dbt.type_string() }}) as drug_key,
    cast(drug_name as {{ dbt.type_string() }}) as drug_name,
    cast(event_type as {{ dbt.type_string() }}) as event_type,
    cast(nullif(organ_system, '') as {{ dbt.type_string() }}) as organ_system,
    cast(adverse_event_term as {{ dbt.type_string() }}) as adverse_event_term,
    cast(drug_arms as {{ dbt.type_string() }}) as drug_arms,
    cast(drug_arm_count as bigint) as drug_arm_count,
    cast(drug_subjects_affected as bigint) as drug_subjects_affected,
    cast(drug_subjects_at_risk as bigint) as drug_subjects_at_risk,
    cast(drug_rate as double precision) as drug_rate,
    cast(nullif(comparator_arms, '') as {{ dbt.type_string() }}) as comparator_arms,
    cast(comparator_arm_count as bigint) as comparator_arm_count,
    case
        when comparator_arm_count > 0 then comparator_placebo_arm_count = comparator_arm_count
    end as comparator_is_placebo,
    cast(comparator_subjects_affected as bigint) as comparator_subjects_affected,
    cast(comparator_subjects_at_risk as bigint) as comparator_subjects_at_risk,
    cast(comparator_rate as double precision) as comparator_rate,
    cast(drug_rate - comparator_rate as double precision) as risk_difference
from rates
where drug_arm_count > 0
