{#- The arms a result group's title names by what they received, for the groups whose titles meet
    no arm's title (int_result_group_arms' `interventions` rule): arm titles that say nothing of
    the treatment ("Regimen 1", "Treatment Arm 2", "1") and arms told apart only by which drug is
    a matching placebo ("Retosiban + Atosiban Placebo" gives Retosiban and "Placebo matching
    atosiban"; "Atosiban + Retosiban Placebo" the reverse). One row per result-group title and
    arm of a study where the title names every active intervention of the arm (not placebo,
    sham or vehicle) as whole words, by its name or one of its other names, and names no other
    active intervention of the study ("Danirixin 75 mg + Oseltamivir 75 mg" fits the arm given
    both, not the arm given danirixin alone; "Drug A or Drug C" fits no arm given one).
    `evidence` weighs each fit: 1 when the doses the title states are all in the arm's title;
    -1 when the arm's title states doses and not those ("SSF: BNT162b2 60 mcg" and "10 µg
    dose"), or the title holds a word of another intervention's name the arm does not receive
    ("Coreg Controlled Release", arm given Coreg IR), or it says placebo and the arm is given
    none; else 0. The digits of codes (five or more) and designators ("Regimen 1", "Arm 2") are
    no doses. int_result_group_arms links a group to an arm when it is the only fit, not
    contradicted, or the only fit with evidence 1 (six dose levels of one drug: the title's
    dose decides, or nothing does). -#}
{{ config(materialized='table') }}
{#- each title of a study once (a whole registry: 2 million group rows, a tenth as many titles) -#}
with group_titles as (
    select
        nct_id,
        result_group_title,
        {{ label_words('result_group_title') }} as title_words
    from (
        select distinct nct_id, result_group_title
        from {{ ref('int_registry__result_groups') }}
        where result_group_title is not null
    ) as titles
),

{#- the arms of studies with results and two arms or more (a study's one arm takes every group) -#}
result_arms as (
    select design_group_id, nct_id, design_group_title
    from (
        select
            design_group_id,
            nct_id,
            design_group_title,
            count(*) over (partition by nct_id) as study_arm_count
        from {{ ref('int_registry__design_groups') }}
        where nct_id in (select group_titles.nct_id from group_titles)
    ) as arms
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
    {%- for column in ['intervention_name', 'drug_key'] %}
    select interventions.intervention_id, interventions.{{ column }} as name
    from {{ ref('int_registry__interventions') }} as interventions
    where interventions.intervention_id in (select intervention_id from active_interventions)
    union all
    {%- endfor %}
    select other_names.intervention_id, other_names.other_name
    from {{ ref('int_registry__intervention_other_names') }} as other_names
    where other_names.intervention_id in (select intervention_id from active_interventions)
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
    select distinct group_titles.nct_id, group_titles.result_group_title, study.intervention_id
    from group_titles
    inner join (select distinct nct_id, intervention_id from active_interventions) as study
        on study.nct_id = group_titles.nct_id
    inner join intervention_names on intervention_names.intervention_id = study.intervention_id
    where {{ label_words_contain('group_titles.title_words', 'intervention_names.name_words') }}
),

title_counts as (
    select nct_id, result_group_title, count(*) as named_count
    from named_interventions
    group by nct_id, result_group_title
),

arm_counts as (
    select design_group_id, count(*) as active_count
    from active_interventions
    group by design_group_id
),

{#- arms all of whose active interventions the title names, and which receive all it names -#}
fitting as (
    select
        named_interventions.nct_id,
        named_interventions.result_group_title,
        active_interventions.design_group_id
    from named_interventions
    inner join active_interventions
        on active_interventions.nct_id = named_interventions.nct_id
        and active_interventions.intervention_id = named_interventions.intervention_id
    inner join arm_counts on arm_counts.design_group_id = active_interventions.design_group_id
    inner join title_counts
        on title_counts.nct_id = named_interventions.nct_id
        and title_counts.result_group_title = named_interventions.result_group_title
    group by
        named_interventions.nct_id,
        named_interventions.result_group_title,
        active_interventions.design_group_id,
        arm_counts.active_count,
        title_counts.named_count
    having count(*) = arm_counts.active_count and count(*) = title_counts.named_count
),

{#- doses stated as words of their own, in titles of fitting pairs only -#}
{%- for side, key, relation in [
    ('title', 'result_group_title', 'fitting'), ('arm', 'design_group_id', 'result_arms')
] %}
{{ side }}_doses as (
    select nct_id, {{ key }}, number
    from (
        {{ stated_numbers(
            relation,
            ['nct_id', key],
            key if side == 'title' else 'design_group_title',
            'design_group_id in (select design_group_id from fitting)' if side == 'arm' else 'true'
        ) }}
    ) as numbers
    where {{ regex_contains('number', '^[0-9]{1,4}([.][0-9]+)?$') }}
),
{% endfor %}
{#- a word of the title (four letters or more) that names, in part, an active intervention the
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

title_word_rows as (
    select distinct nct_id, result_group_title, word
    from (
        select
            group_titles.nct_id,
            group_titles.result_group_title,
            unnest({{ label_word_list('group_titles.title_words') }}) as word
        from group_titles
        inner join (select distinct nct_id, result_group_title from fitting) as fitted
            on fitted.nct_id = group_titles.nct_id
            and fitted.result_group_title = group_titles.result_group_title
    ) as split_titles
),

other_words as (
    select distinct fitting.nct_id, fitting.result_group_title, fitting.design_group_id
    from fitting
    inner join title_word_rows
        on title_word_rows.nct_id = fitting.nct_id
        and title_word_rows.result_group_title = fitting.result_group_title
    inner join active_interventions as other on other.nct_id = fitting.nct_id
    inner join name_words
        on name_words.intervention_id = other.intervention_id
        and name_words.word = title_word_rows.word
    left join active_interventions as own
        on own.design_group_id = fitting.design_group_id
        and own.intervention_id = other.intervention_id
    left join arm_words
        on arm_words.design_group_id = fitting.design_group_id
        and arm_words.word = title_word_rows.word
    where own.design_group_id is null and arm_words.design_group_id is null
),

{#- a title saying placebo fits only an arm given one ("Placebo to Selonsertib 18 mg" is a
    switch from the placebo arm, not the selonsertib arm) -#}
placebo_arms as (
    select distinct design_group_id from arm_interventions where is_placebo
),

dose_counts as (
    select
        fitting.nct_id,
        fitting.result_group_title,
        fitting.design_group_id,
        count(title_doses.number) as title_dose_count,
        count(arm_doses.number) as found_count
    from fitting
    left join title_doses
        on title_doses.nct_id = fitting.nct_id
        and title_doses.result_group_title = fitting.result_group_title
    left join arm_doses
        on arm_doses.design_group_id = fitting.design_group_id
        and arm_doses.number = title_doses.number
    group by fitting.nct_id, fitting.result_group_title, fitting.design_group_id
)

select
    dose_counts.nct_id,
    dose_counts.result_group_title,
    dose_counts.design_group_id,
    case
        when other_words.design_group_id is not null then -1
        when {{ regex_contains('group_titles.title_words', '(^| )placebo( |$)') }}
            and dose_counts.design_group_id not in (select design_group_id from placebo_arms)
            then -1
        when dose_counts.title_dose_count > 0
            and dose_counts.found_count = dose_counts.title_dose_count then 1
        when dose_counts.title_dose_count > 0
            and dose_counts.design_group_id in (select design_group_id from arm_doses) then -1
        else 0
    end as evidence
from dose_counts
inner join group_titles
    on group_titles.nct_id = dose_counts.nct_id
    and group_titles.result_group_title = dose_counts.result_group_title
left join other_words
    on other_words.nct_id = dose_counts.nct_id
    and other_words.result_group_title = dose_counts.result_group_title
    and other_words.design_group_id = dose_counts.design_group_id
