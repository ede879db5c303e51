{#- Outcome results by drug: one row per drug × outcome measurement × statistical analysis that
    compares the measured arm (the analysis columns NULL when no analysis includes the arm).
    A measurement's result group reaches its design group (arm) through int_result_group_arms
    and the arm's drugs through its interventions (int_trial_drugs' keys and display names;
    placebo and sham are comparators here, never the drug); in a study that declares no arms,
    the study's sole intervention (`treatment_key`, design_group_id NULL). Measurements of
    result groups linked to nothing (link_method total, ambiguous, unmatched, no_design_groups)
    are left out. -#}
{{ config(pre_hook=["{{ no_nested_loops() }}", "{{ large_hashes() }}"]) }}
{#- `not materialized`: each use reads the table, so PostgreSQL plans with its statistics; as a
    materialized CTE it guessed 22 M rows for a million, sorted 4.8 M measured rows to disk for a
    merge join, and took 70 s at 560,000 studies against 49 s -#}
with arm_drugs as not materialized (
    select treatment_key, nct_id, drug_key, drug_name
    from {{ ref('int_arm_drugs') }}
    where is_results_drug
),

analysis_groups as not materialized (
    select distinct links.outcome_analysis_id, links.result_group_id, analyses.outcome_id
    from {{ ref('int_registry__outcome_analysis_groups') }} as links
    inner join {{ ref('int_registry__outcome_analyses') }} as analyses
        on analyses.outcome_analysis_id = links.outcome_analysis_id
    where links.result_group_id is not null
),

{#- each analysis × group it includes × another group of the same analysis (the comparator),
    with the comparator's arm -#}
comparisons as (
    select
        mine.outcome_analysis_id,
        mine.result_group_id,
        others.result_group_id as comparator_group_id,
        comparator.ctgov_group_code as comparator_group_code,
        comparator.result_group_title as comparator_group_title,
        comparator.treatment_key as comparator_treatment_key,
        comparator.design_group_title as comparator_arm_title,
        comparator.is_placebo_arm as comparator_is_placebo_arm
    from analysis_groups as mine
    inner join analysis_groups as others
        on others.outcome_analysis_id = mine.outcome_analysis_id
        and others.result_group_id <> mine.result_group_id
    inner join {{ ref('int_result_group_arms') }} as comparator
        on comparator.result_group_id = others.result_group_id
),

group_drugs as (
    -- each linked result group × a drug its arm receives
    select arms.result_group_id, arm_drugs.drug_key
    from {{ ref('int_result_group_arms') }} as arms
    inner join arm_drugs on arm_drugs.treatment_key = arms.treatment_key
),

{#- each result group × drug × analysis including the group: the comparators summed up, once
    per analysis, not once per measurement row (a whole-registry build has ten million) -#}
compared as (
    select
        group_drugs.result_group_id,
        group_drugs.drug_key,
        analysis_groups.outcome_id,
        analysis_groups.outcome_analysis_id,
        {{ sorted_distinct_string_agg('comparisons.comparator_group_code') }}
            as comparator_group_codes,
        {{ sorted_distinct_string_agg('comparisons.comparator_group_title', ' | ') }}
            as comparator_groups,
        {{ sorted_distinct_string_agg('comparisons.comparator_arm_title', ' | ') }}
            as comparator_arms,
        count(comparisons.comparator_group_id) as comparator_group_count,
        count(comparisons.comparator_treatment_key) as comparator_linked_count,
        sum(case when comparisons.comparator_is_placebo_arm then 1 else 0 end)
            as comparator_placebo_count,
        max(case when comparator_drugs.drug_key is not null then 1 else 0 end)
            as comparator_receives_drug
    from group_drugs
    inner join analysis_groups on analysis_groups.result_group_id = group_drugs.result_group_id
    left join comparisons
        on comparisons.outcome_analysis_id = analysis_groups.outcome_analysis_id
        and comparisons.result_group_id = group_drugs.result_group_id
    left join arm_drugs as comparator_drugs
        on comparator_drugs.treatment_key = comparisons.comparator_treatment_key
        and comparator_drugs.drug_key = group_drugs.drug_key
    group by
        group_drugs.result_group_id,
        group_drugs.drug_key,
        analysis_groups.outcome_id,
        analysis_groups.outcome_analysis_id
),

{#- a table on PostgreSQL, its type coded once per outcome (int_registry__outcomes) -#}
outcomes as (
    select outcome_id, outcome_title, outcome_type from {{ ref('int_registry__outcomes') }}
),

measured as (
    select
        measurements.*,
        arms.result_group_title,
        arms.design_group_id,
        arms.design_group_title,
        arms.arm_role,
        arms.link_method,
        arms.link_confidence,
        arm_drugs.drug_key,
        arm_drugs.drug_name
    from {{ ref('fct_outcome_measurements') }} as measurements
    inner join {{ ref('int_result_group_arms') }} as arms
        on arms.result_group_id = measurements.result_group_id
    inner join arm_drugs on arm_drugs.treatment_key = arms.treatment_key
)

select
    cast(
        {{ surrogate_key(['measured.drug_key', 'measured.outcome_measurement_id',
            'compared.outcome_analysis_id']) }} as {{ dbt.type_string() }}
    ) as drug_outcome_result_id,
    cast(measured.nct_id as {{ dbt.type_string() }}) as nct_id,
    cast(measured.drug_key as {{ dbt.type_string() }}) as drug_key,
    cast(measured.drug_name as {{ dbt.type_string() }}) as drug_name,
    cast(measured.outcome_id as bigint) as outcome_id,
    cast(outcomes.outcome_type as {{ dbt.type_string() }}) as outcome_type,
    cast(outcomes.outcome_title as {{ dbt.type_string() }}) as outcome_title,
    cast(measured.outcome_measurement_id as bigint) as outcome_measurement_id,
    cast(measured.classification as {{ dbt.type_string() }}) as classification,
    cast(measured.category as {{ dbt.type_string() }}) as category,
    cast(measured.param_type as {{ dbt.type_string() }}) as param_type,
    cast(measured.param_value as {{ dbt.type_string() }}) as param_value,
    cast(measured.param_value_num as double precision) as param_value_num,
    cast(measured.dispersion_type as {{ dbt.type_string() }}) as dispersion_type,
    cast(measured.dispersion_value_num as double precision) as dispersion_value_num,
    cast(measured.dispersion_lower_limit as double precision) as dispersion_lower_limit,
    cast(measured.dispersion_upper_limit as double precision) as dispersion_upper_limit,
    cast(measured.units as {{ dbt.type_string() }}) as units,
    cast(measured.participants_analyzed as bigint) as participants_analyzed,
    cast(measured.result_group_id as bigint) as result_group_id,
    cast(measured.ctgov_group_code as {{ dbt.type_string() }}) as ctgov_group_code,
    cast(measured.result_group_title as {{ dbt.type_string() }}) as result_group_title,
    cast(measured.design_group_id as bigint) as design_group_id,
    cast(measured.design_group_title as {{ dbt.type_string() }}) as design_group_title,
    cast(measured.arm_role as {{ dbt.type_string() }}) as arm_role,
    cast(measured.link_method as {{ dbt.type_string() }}) as link_method,
    cast(measured.link_confidence as {{ dbt.type_string() }}) as link_confidence,
    cast(compared.outcome_analysis_id as bigint) as outcome_analysis_id,
    cast(analyses.method as {{ dbt.type_string() }}) as analysis_method,
    cast(analyses.estimate_type as {{ dbt.type_string() }}) as estimate_type,
    cast(analyses.estimate as double precision) as estimate,
    cast(analyses.ci_percent as double precision) as ci_percent,
    cast(analyses.ci_lower_limit as double precision) as ci_lower_limit,
    cast(analyses.ci_upper_limit as double precision) as ci_upper_limit,
    cast(analyses.p_value_modifier as {{ dbt.type_string() }}) as p_value_modifier,
    cast(analyses.p_value as double precision) as p_value,
    cast(analyses.p_value_text as {{ dbt.type_string() }}) as p_value_text,
    cast(nullif(compared.comparator_group_codes, '') as {{ dbt.type_string() }})
        as comparator_group_codes,
    cast(nullif(compared.comparator_groups, '') as {{ dbt.type_string() }}) as comparator_groups,
    cast(nullif(compared.comparator_arms, '') as {{ dbt.type_string() }}) as comparator_arms,
    case
        when compared.comparator_group_count = 0 then null
        when compared.comparator_placebo_count = compared.comparator_group_count then true
        when compared.comparator_linked_count > compared.comparator_placebo_count then false
    end as comparator_is_placebo,
    case
        when compared.comparator_linked_count > 0 then compared.comparator_receives_drug = 1
    end as comparator_receives_drug
from measured
inner join outcomes on outcomes.outcome_id = measured.outcome_id
left join compared
    on compared.result_group_id = measured.result_group_id
    and compared.drug_key = measured.drug_key
    and compared.outcome_id = measured.outcome_id
left join {{ ref('fct_outcome_analyses') }} as analyses
    on analyses.outcome_analysis_id = compared.outcome_analysis_id
