{#- The arms a result group's title, or its description, names by what they received, for the
    groups whose texts meet no arm's (int_result_group_rule_links' `interventions` rule on titles,
    int_result_group_arms' `described_interventions` on descriptions): arm titles that say
    nothing of the treatment ("Regimen 1", "Treatment Arm 2", "1"), arms told apart only by which
    drug is a matching placebo ("Retosiban + Atosiban Placebo" gives Retosiban and "Placebo
    matching atosiban"; "Atosiban + Retosiban Placebo" the reverse), and groups titled by dose
    or cohort alone whose descriptions name the drug. One row per text (`text_kind` title or
    description) and arm of a study where the text names every active intervention of the arm
    (not placebo, sham or vehicle) as whole words, by its name or one of its other names, and
    names no other active intervention of the study ("Danirixin 75 mg + Oseltamivir 75 mg" fits
    the arm given both, not the arm given danirixin alone; "Drug A or Drug C" fits no arm given
    one); a title also fits, `names_all_and_only` false, an arm given some of what it names
    (int_result_group_arms' `named_dose`). `evidence` weighs each fit: 1 when the doses the text
    states are all in the arm's title; -1 when the arm's title states doses and not those ("SSF:
    BNT162b2 60 mcg" and "10 µg dose"), or the text holds a word of another intervention's
    name the arm does not receive ("Coreg Controlled Release", arm given Coreg IR), or it (or,
    for a description, its group's title) says placebo and the arm is given none; else 0. The
    digits of codes (five or more) and designators ("Regimen 1", "Arm 2") are no doses. A group
    is linked to an arm when it is the only fit, not contradicted, or the only fit with evidence
    1 (six dose levels of one drug: the title's dose decides, or nothing does). -#}
{#- nested loops and merge joins off: PostgreSQL estimated the dose CTEs at a row each and
    looped over them, 11,165 times (37.6 s at 100,000 studies; 3.2 s hashed) -#}
{{ config(materialized='table', pre_hook="{{ hash_joins() }}") }}
{#- each title and each description of a study once (a whole registry: 2 million group rows, a
    tenth as many texts); a description says placebo when its group's title does -#}
with group_texts as (
    select
        nct_id,
        text_kind,
        group_text,
        {{ label_words('group_text') }} as text_words,
        max(case when {{ has_word(label_words('result_group_title'), 'placebo') }}
            then 1 else 0 end) = 1 as title_says_placebo
    from (
        select distinct nct_id, 'title' as text_kind, result_group_title as group_text,
            result_group_title
        from {{ ref('int_registry__result_groups') }}
        where result_group_title is not null
        union all
        select distinct nct_id, 'description', description, result_group_title
        from {{ ref('int_registry__result_groups') }}
        where description is not null
    ) as texts
    group by nct_id, text_kind, group_text
),

{#- the arms of studies with results and two arms or more (a study's one arm takes every group) -#}
result_arms as (
    select design_group_id, nct_id, design_group_title
    from {{ ref('int_result_arms') }}
    where study_arm_count > 1
),

arm_interventions as (
    select distinct
        result_arms.nct_id,
        result_arms.design_group_id,
        links.intervention_id,
        {{ is_placebo_key("coalesce(interventions.drug_key, lower(interventions.intervention_name), '')") }}
            as is_placebo
    from result_arms
    inner join {{ ref('int_registry__design_group_interventions') }} as links
        on links.design_group_id = result_arms.design_group_id
    inner join {{ ref('int_registry__interventions') }} as interventions
        on interventions.intervention_id = links.intervention_id
),

active_interventions as (
    select nct_id, design_group_id, intervention_id
    from arm_interventions
    where not is_placebo
),

{#- an intervention's names: its name, its normalised drug name (salts aside: "Oseltamivir
    Phosphate" is oseltamivir) and its other names, each also without and within its brackets
    ("GSK1325756 (Danirixin)": GSK1325756, Danirixin) -#}
names as (
    {{ intervention_name_rows('select intervention_id from active_interventions') }}
),

intervention_names as (
    select distinct intervention_id, {{ label_words('variant') }} as name_words
    from (
        select intervention_id, name as variant from names
        union all
        select intervention_id, regexp_replace(name, '[(][^)]*[)]', ' ', 'g') from names
        where name like '%(%'
        union all
        select intervention_id, regexp_replace(name, '^[^(]*[(]([^)]*)[)].*$', '\1') from names
        where name like '%(%'
    ) as variants
),

{#- the study's active interventions each title names, once each -#}
named_interventions as (
    select distinct
        group_texts.nct_id, group_texts.text_kind, group_texts.group_text, study.intervention_id
    from group_texts
    inner join (select distinct nct_id, intervention_id from active_interventions) as study
        on study.nct_id = group_texts.nct_id
    inner join intervention_names on intervention_names.intervention_id = study.intervention_id
    where {{ label_words_contain('group_texts.text_words', 'intervention_names.name_words') }}
),

title_counts as (
    select nct_id, text_kind, group_text, count(*) as named_count
    from named_interventions
    group by nct_id, text_kind, group_text
),

arm_counts as (
    select design_group_id, count(*) as active_count
    from active_interventions
    group by design_group_id
),

{#- arms all of whose active interventions the text names, and which receive all it names
    (`names_all_and_only`); for a title, also the arms that receive some of what it names -#}
fitting as (
    select
        named_interventions.nct_id,
        named_interventions.text_kind,
        named_interventions.group_text,
        active_interventions.design_group_id,
        count(*) = arm_counts.active_count and count(*) = title_counts.named_count
            as names_all_and_only
    from named_interventions
    inner join active_interventions
        on active_interventions.nct_id = named_interventions.nct_id
        and active_interventions.intervention_id = named_interventions.intervention_id
    inner join arm_counts on arm_counts.design_group_id = active_interventions.design_group_id
    inner join title_counts
        on title_counts.nct_id = named_interventions.nct_id
        and title_counts.text_kind = named_interventions.text_kind
        and title_counts.group_text = named_interventions.group_text
    group by
        named_interventions.nct_id,
        named_interventions.text_kind,
        named_interventions.group_text,
        active_interventions.design_group_id,
        arm_counts.active_count,
        title_counts.named_count
    having count(*) = arm_counts.active_count and count(*) = title_counts.named_count
        or named_interventions.text_kind = 'title'
),

{#- doses stated as words of their own, in the texts of fitting pairs and their arms' titles -#}
text_doses as (
    select nct_id, text_kind, group_text, number, milligrams
    from (
        {{ stated_numbers('fitting', ['nct_id', 'text_kind', 'group_text'], 'group_text') }}
    ) as numbers
    where {{ regex_contains('number', '^[0-9]{1,4}([.][0-9]+)?$') }}
),

arm_doses as (
    select design_group_id, number, milligrams
    from (
        {{ stated_numbers(
            'result_arms', ['design_group_id'], 'design_group_title',
            'design_group_id in (select design_group_id from fitting)'
        ) }}
    ) as numbers
    where {{ regex_contains('number', '^[0-9]{1,4}([.][0-9]+)?$') }}
),

{#- the doses the names of an arm's interventions state ("M5717 500 mg"), for arms whose titles
    state none ("Part B: Dose escalation cohort; M5717+Pyronaridine"): they confirm a fit, they
    never contradict one (a name's digits may be no dose: "5-FU", "COVID-19 Vaccine") -#}
arm_intervention_names as (
    select arm_interventions.design_group_id, interventions.intervention_name
    from arm_interventions
    inner join {{ ref('int_registry__interventions') }} as interventions
        on interventions.intervention_id = arm_interventions.intervention_id
    where arm_interventions.design_group_id in (select design_group_id from fitting)
        and arm_interventions.design_group_id not in (select design_group_id from arm_doses)
),

arm_name_doses as (
    select design_group_id, number, milligrams
    from (
        {{ stated_numbers(
            'arm_intervention_names', ['design_group_id'], 'intervention_name'
        ) }}
    ) as numbers
    where {{ regex_contains('number', '^[0-9]{1,4}([.][0-9]+)?$') }}
),

{#- a word of the text (four letters or more) that names, in part, an active intervention the
    arm does not receive and none it does ("Coreg Controlled Release" and an arm given "Coreg",
    the immediate release, beside "carvedilol controlled release") -#}
name_words as (
    select distinct intervention_id, word
    from (
        select intervention_id, unnest({{ label_word_list('name_words') }}) as word
        from intervention_names
    ) as split_names
    where {{ regex_contains('word', '^[a-z]{4,}$') }}
),

arm_words as (
    select distinct active_interventions.design_group_id, name_words.word
    from active_interventions
    inner join name_words on name_words.intervention_id = active_interventions.intervention_id
),

text_word_rows as (
    select distinct nct_id, text_kind, group_text, word
    from (
        select
            group_texts.nct_id,
            group_texts.text_kind,
            group_texts.group_text,
            unnest({{ label_word_list('group_texts.text_words') }}) as word
        from group_texts
        inner join (select distinct nct_id, text_kind, group_text from fitting) as fitted
            on fitted.nct_id = group_texts.nct_id
            and fitted.text_kind = group_texts.text_kind
            and fitted.group_text = group_texts.group_text
    ) as split_texts
),

other_words as (
    select distinct fitting.nct_id, fitting.text_kind, fitting.group_text, fitting.design_group_id
    from fitting
    inner join text_word_rows
        on text_word_rows.nct_id = fitting.nct_id
        and text_word_rows.text_kind = fitting.text_kind
        and text_word_rows.group_text = fitting.group_text
    inner join active_interventions as other on other.nct_id = fitting.nct_id
    inner join name_words
        on name_words.intervention_id = other.intervention_id
        and name_words.word = text_word_rows.word
    left join active_interventions as own
        on own.design_group_id = fitting.design_group_id
        and own.intervention_id = other.intervention_id
    left join arm_words
        on arm_words.design_group_id = fitting.design_group_id
        and arm_words.word = text_word_rows.word
    where own.design_group_id is null and arm_words.design_group_id is null
),

{#- a text saying placebo fits only an arm given one ("Placebo to Selonsertib 18 mg" is a
    switch from the placebo arm, not the selonsertib arm); a description, also when its
    group's title says it -#}
placebo_arms as (
    select distinct design_group_id from arm_interventions where is_placebo
),

dose_counts as (
    select
        fitting.nct_id,
        fitting.text_kind,
        fitting.group_text,
        fitting.design_group_id,
        fitting.names_all_and_only,
        count(distinct text_doses.number) as text_dose_count,
        count(distinct case when arm_doses.design_group_id is not null then text_doses.number end)
            as found_count,
        count(distinct
            case when arm_name_doses.design_group_id is not null then text_doses.number end
        ) as name_found_count
    from fitting
    left join text_doses
        on text_doses.nct_id = fitting.nct_id
        and text_doses.text_kind = fitting.text_kind
        and text_doses.group_text = fitting.group_text
    left join arm_doses
        on arm_doses.design_group_id = fitting.design_group_id
        and {{ same_dose('arm_doses', 'text_doses') }}
    left join arm_name_doses
        on arm_name_doses.design_group_id = fitting.design_group_id
        and {{ same_dose('arm_name_doses', 'text_doses') }}
    group by
        fitting.nct_id,
        fitting.text_kind,
        fitting.group_text,
        fitting.design_group_id,
        fitting.names_all_and_only
)

select
    dose_counts.nct_id,
    dose_counts.text_kind,
    dose_counts.group_text,
    dose_counts.design_group_id,
    dose_counts.names_all_and_only,
    case
        when other_words.design_group_id is not null then -1
        when (
                {{ has_word('group_texts.text_words', 'placebo') }}
                or group_texts.text_kind = 'description' and group_texts.title_says_placebo
            )
            and dose_counts.design_group_id not in (select design_group_id from placebo_arms)
            then -1
        when dose_counts.text_dose_count > 0
            and dose_counts.found_count = dose_counts.text_dose_count then 1
        when dose_counts.text_dose_count > 0
            and dose_counts.design_group_id in (select design_group_id from arm_doses) then -1
        when dose_counts.text_dose_count > 0
            and dose_counts.name_found_count = dose_counts.text_dose_count then 1
        else 0
    end as evidence
from dose_counts
inner join group_texts
    on group_texts.nct_id = dose_counts.nct_id
    and group_texts.text_kind = dose_counts.text_kind
    and group_texts.group_text = dose_counts.group_text
left join other_words
    on other_words.nct_id = dose_counts.nct_id
    and other_words.text_kind = dose_counts.text_kind
    and other_words.group_text = dose_counts.group_text
    and other_words.design_group_id = dose_counts.design_group_id
