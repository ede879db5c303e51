{#- One row per result group (Baseline, Participant Flow, Outcome, Reported Event) with the
    design group (arm) it reports, which the registry does not record (AACT "has not attempted
    to"): int_result_group_rule_links' links (rules 1-9), then, for the groups those leave
    unmatched or ambiguous, the arm the group's designator names (10) or the arm whose active
    interventions, all and only, its description names (11), or the arm given a drug its title
    names whose title has its doses (12), between tied arms only for an ambiguous group, or
    for an unmatched group titled as placebo alone the study's one placebo arm; else, for an
    ambiguous group whose tied arms all receive the same active interventions, that treatment
    (13); else the arm the same title took in the study's other groups (14); else the one
    intervention its title names that every arm it may report receives (15). The rules:
    _results__models.yml; examples: docs/marts.md. -#}
{{ config(materialized='table', pre_hook=["{{ hash_joins() }}", "{{ large_hashes() }}"]) }}
{#- a table: both results_by_drug marts read it -#}
{#- the rule links are read three times, as a table (a CTE of them would be copied: 2 million
    rows) -#}
with open_groups as (
    select
        result_group_id,
        nct_id,
        result_group_title,
        {{ label_words('result_group_title') }} as title_words,
        link_method,
        candidate_design_group_ids,
        open_description as description
    from {{ ref('int_result_group_rule_links') }}
    where link_method in ('unmatched', 'ambiguous', 'no_design_groups')
),

{#- an unmatched group's candidates: every arm of its study; an ambiguous group's: its tied arms -#}
candidates as (
    select
        open_groups.result_group_id,
        open_groups.nct_id,
        arms.design_group_id,
        arms.design_group_title,
        arms.is_placebo_arm
    from open_groups
    inner join {{ ref('int_result_arms') }} as arms on arms.nct_id = open_groups.nct_id
    where open_groups.link_method = 'unmatched'
        or position(
            ',' || {{ dbt.cast('arms.design_group_id', dbt.type_string()) }} || ','
            in ',' || open_groups.candidate_design_group_ids || ','
        ) > 0
),

{#- 10. designators: an arm all of whose designators ("Arm 2") the group's title holds, the only
    such candidate ("Arm 2: DB Phase: JNJ-73763989 200 mg" and "Arm 2: JNJ-73763989 (high
    dose)", beside arms 3 and 4 of the same drug) -#}
group_designators as (
    select distinct result_group_id, word as designator
    from (
        select
            result_group_id,
            unnest({{ word_list(designator_text('result_group_title')) }}) as word
        from open_groups
        {#- a designator is a noun and its mark: only titles holding a noun are split (most
            titles hold none, and the split is the rule's cost) #}
        where {{ regex_contains('title_words', '(^| )(' ~ designator_nouns() ~ ') ') }}
    ) as split_titles
    where {{ regex_contains('word', '_') }}
),

{#- a group whose title holds no designator fits no arm by designators: the candidates of the
    others only -#}
designated_candidates as (
    select candidates.*
    from candidates
    where candidates.result_group_id in (select result_group_id from group_designators)
),

arm_designators as (
    select distinct design_group_id, word as designator
    from (
        select
            design_group_id,
            unnest({{ word_list(designator_text('design_group_title')) }}) as word
        from (
            select distinct design_group_id, design_group_title from designated_candidates
        ) as arms
    ) as split_titles
    where {{ regex_contains('word', '_') }}
),

{#- a group saying placebo takes, by its designator, a placebo arm, or an arm whose title shares
    another word with its own ("Arm 2: Drug J 200 mg + Placebo"): "Placebo Cohort A" is the
    placebo part of "Cohort A (Empagliflozin + Placebo)", not the drug's -#}
placebo_groups as (
    select result_group_id, title_words
    from open_groups
    where {{ has_word('title_words', 'placebo') }}
        and result_group_id in (select result_group_id from group_designators)
),

arm_key_words as (
    select distinct design_group_id, word
    from (
        select
            design_group_id,
            unnest({{ label_word_list(arm_title_key('design_group_title')) }}) as word
        from (
            select distinct design_group_id, design_group_title
            from designated_candidates
            where result_group_id in (select result_group_id from placebo_groups)
        ) as arms
    ) as split_titles
    where {{ is_title_word('word') }} and word <> 'placebo'
),

placebo_mismatches as (
    select candidates.result_group_id, candidates.design_group_id
    from designated_candidates as candidates
    inner join placebo_groups on placebo_groups.result_group_id = candidates.result_group_id
    where not candidates.is_placebo_arm
        and not exists (
            select 1
            from arm_key_words
            where arm_key_words.design_group_id = candidates.design_group_id
                and {{ label_words_contain('placebo_groups.title_words', 'arm_key_words.word') }}
        )
),

designator_links as (
    select result_group_id, min(design_group_id) as design_group_id
    from (
        select candidates.result_group_id, candidates.design_group_id
        from designated_candidates as candidates
        left join placebo_mismatches
            on placebo_mismatches.result_group_id = candidates.result_group_id
            and placebo_mismatches.design_group_id = candidates.design_group_id
        inner join arm_designators
            on arm_designators.design_group_id = candidates.design_group_id
        left join group_designators
            on group_designators.result_group_id = candidates.result_group_id
            and group_designators.designator = arm_designators.designator
        where placebo_mismatches.result_group_id is null
        group by candidates.result_group_id, candidates.design_group_id
        having count(*) = count(group_designators.designator)
    ) as fitting
    group by result_group_id
    having count(*) = 1
),

{#- 11. described interventions: the only candidate whose active interventions the group's
    description names, all and only (int_result_group_intervention_fits; `decided_fits`) -#}
description_fits as (
    select candidates.result_group_id, candidates.design_group_id, fits.evidence
    from candidates
    inner join open_groups on open_groups.result_group_id = candidates.result_group_id
    inner join {{ ref('int_result_group_intervention_fits') }} as fits
        on fits.nct_id = candidates.nct_id
        and fits.text_kind = 'description'
        and fits.group_text = open_groups.description
        and fits.design_group_id = candidates.design_group_id
        and fits.names_all_and_only
),

described_links as (
    {{ decided_fits('description_fits', 'result_group_id') }}
),

{#- 12. named dose: the only candidate given an intervention the group's title names whose
    title states every dose the group's title states, not contradicted (fits of evidence 1):
    "SSF: BNT162b2 OMI 60 mcg" and "60 µg dose", among arms of 10, 30 and 60 µg given
    BNT162b2 -#}
named_dose_links as (
    select candidates.result_group_id, min(candidates.design_group_id) as design_group_id
    from candidates
    inner join open_groups on open_groups.result_group_id = candidates.result_group_id
    inner join {{ ref('int_result_group_intervention_fits') }} as fits
        on fits.nct_id = candidates.nct_id
        and fits.text_kind = 'title'
        and fits.group_text = open_groups.result_group_title
        and fits.design_group_id = candidates.design_group_id
        and fits.evidence = 1
    group by candidates.result_group_id
    having count(*) = 1
),

{#- placebo, among all arms: an unmatched group titled as placebo and nothing else ("Placebo",
    "Sham Group", "Matching Placebo") takes its study's one placebo arm, whatever that arm's
    title ("Beetroot juice without nitrate", a placebo comparator): the tie-break of rules 1-7
    (`placebo`) among all of the study's arms. A title naming anything more ("Placebo then Drug
    A", "Placebo Cohort A") is not decided here. -#}
{%- set placebo_title_words =
    'placebo|sham|vehicle|matching|matched|group|arm|control|comparator|only|alone' %}
placebo_links as (
    select
        candidates.result_group_id,
        min(case when candidates.is_placebo_arm then candidates.design_group_id end)
            as design_group_id
    from candidates
    inner join open_groups
        on open_groups.result_group_id = candidates.result_group_id
        and open_groups.link_method = 'unmatched'
    where {{ has_word('open_groups.title_words', 'placebo|sham|vehicle') }}
        and {{ regex_contains(
            'open_groups.title_words', '^((' ~ placebo_title_words ~ ')( |$))+$'
        ) }}
    group by candidates.result_group_id
    having sum(case when candidates.is_placebo_arm then 1 else 0 end) = 1
),

{#- 15. named intervention: a group no rule above links, whose title names one intervention of
    its study (its name, normalised drug name or another name, as whole words; a name within a
    longer one it names is that one's: "Placebo for Drug A" names the placebo), received that
    intervention, when every arm it may report receives it: a period of a crossover ("VVI-40",
    every sequence arm given VVI-40, RV DDD-40 and BiV DDD-40), a placebo group pooled over
    cohorts each given the drug and its placebo, a group of a study that registers no arm and
    several interventions. Not a title saying off, without, no or not ("Pacing Off"). The link
    is to the intervention (`intervention_id`), as a study's sole intervention stands for its
    arm. -#}
study_names as (
    select distinct
        names.intervention_id, interventions.nct_id, {{ label_words('names.name') }} as name_words
    from (
        {{ intervention_name_rows(
            'select intervention_id from ' ~ ref('int_registry__interventions')
            ~ ' where nct_id in (select nct_id from open_groups)'
        ) }}
    ) as names
    inner join {{ ref('int_registry__interventions') }} as interventions
        on interventions.intervention_id = names.intervention_id
    {#- on the raw name: a condition on its words would be computed for every intervention of
        the registry, before the join to the open groups' studies (PostgreSQL pushes it down) #}
    where {{ regex_contains('names.name', '[A-Za-z0-9]{3}') }}
),

named_names as (
    select open_groups.result_group_id, study_names.intervention_id, study_names.name_words
    from open_groups
    inner join study_names
        on study_names.nct_id = open_groups.nct_id
        {#- `label_words_contain` without its test for an empty name, which would be pushed
            down too: every name here has a word #}
        and position(
            ' ' || study_names.name_words || ' ' in ' ' || open_groups.title_words || ' '
        ) > 0
    where not {{ has_word('open_groups.title_words', 'off|without|no|not') }}
),

named_once as (
    select named_names.result_group_id, min(named_names.intervention_id) as intervention_id
    from named_names
    where not exists (
        select 1
        from named_names as longer
        where longer.result_group_id = named_names.result_group_id
            and longer.intervention_id <> named_names.intervention_id
            and longer.name_words <> named_names.name_words
            and {{ label_words_contain('longer.name_words', 'named_names.name_words') }}
    )
    group by named_names.result_group_id
    having count(distinct named_names.intervention_id) = 1
),

named_intervention_links as (
    select
        named_once.result_group_id,
        named_once.intervention_id,
        {{ is_placebo_key(
            "coalesce(interventions.drug_key, lower(interventions.intervention_name), '')"
        ) }} as is_placebo
    from named_once
    inner join {{ ref('int_registry__interventions') }} as interventions
        on interventions.intervention_id = named_once.intervention_id
    left join (
        select
            candidates.result_group_id,
            count(distinct candidates.design_group_id) as candidate_count,
            count(distinct given.design_group_id) as given_count
        from candidates
        inner join named_once on named_once.result_group_id = candidates.result_group_id
        left join {{ ref('int_registry__design_group_interventions') }} as given
            on given.design_group_id = candidates.design_group_id
            and given.intervention_id = named_once.intervention_id
        group by candidates.result_group_id
    ) as given_arms on given_arms.result_group_id = named_once.result_group_id
    -- every candidate arm given it; no candidate, in a study without arms
    where given_arms.result_group_id is null
        or given_arms.given_count = given_arms.candidate_count
),

{#- 13. same treatment: an ambiguous group whose tied arms all receive the same active
    interventions (not placebo, sham or vehicle; by drug key, so two records of one drug are
    one), and whose title names them (a word of four letters or more, or a code's digits, of
    their names), received them, whichever of the arms it reports ("DB Period: Belumosudil
    BID", between "Belumosudil BID/Belumosudil BID" and "OLE Period: Placebo/Belumosudil BID"):
    no arm, and the first tied arm's treatment_key. Not a title saying placebo, sham, vehicle,
    off, without, no or not: in a crossover every arm receives every treatment, and "Placebo"
    or "OFF Beta Blockers" is the period without it. Placebo arms receive no active intervention:
    a group saying placebo, tied between placebo arms only, received placebo ("Placebo" of
    "Part A Placebo" and "Part B Placebo"). -#}
active_interventions as (
    select
        links.design_group_id,
        coalesce(interventions.drug_key, lower(interventions.intervention_name)) as active_key
    from {{ ref('int_registry__design_group_interventions') }} as links
    inner join {{ ref('int_registry__interventions') }} as interventions
        on interventions.intervention_id = links.intervention_id
    where links.design_group_id in (select design_group_id from candidates)
        and not {{ is_placebo_key(
            "coalesce(interventions.drug_key, lower(interventions.intervention_name), '')"
        ) }}
),

arm_treatments as (
    select
        design_group_id,
        {{ sorted_distinct_string_agg('active_key', '|') }} as active_keys
    from active_interventions
    group by design_group_id
),

treatment_words as (
    select distinct design_group_id, word
    from (
        select design_group_id, unnest({{ label_word_list('active_key') }}) as word
        from active_interventions
    ) as split_names
    where {{ is_title_word('word') }}
),

{#- the tied arms a group's title names by their active interventions -#}
named_treatments as (
    select distinct candidates.result_group_id, candidates.design_group_id
    from candidates
    inner join open_groups
        on open_groups.result_group_id = candidates.result_group_id
        and open_groups.link_method = 'ambiguous'
    inner join treatment_words on treatment_words.design_group_id = candidates.design_group_id
    where {{ label_words_contain(
        label_word_text('open_groups.result_group_title'), 'treatment_words.word'
    ) }}
),

{#- every tied arm given the same active interventions (none, for placebo arms), and: the title
    names them and says no placebo, off, without, no or not; or every tied arm is a placebo arm
    and the title says placebo, sham or vehicle (a placebo group pooled over parts) -#}
same_treatment_links as (
    select
        candidates.result_group_id,
        min(candidates.design_group_id) as treatment_key,
        min(case when candidates.is_placebo_arm then 1 else 0 end) = 1 as is_placebo_arm
    from candidates
    inner join open_groups
        on open_groups.result_group_id = candidates.result_group_id
        and open_groups.link_method = 'ambiguous'
    left join arm_treatments on arm_treatments.design_group_id = candidates.design_group_id
    left join named_treatments
        on named_treatments.result_group_id = candidates.result_group_id
        and named_treatments.design_group_id = candidates.design_group_id
    group by candidates.result_group_id, open_groups.title_words
    having count(distinct coalesce(arm_treatments.active_keys, '')) = 1
        and (
            count(arm_treatments.active_keys) = count(*)
            and count(named_treatments.design_group_id) = count(*)
            and not {{ has_word(
                'open_groups.title_words', 'placebo|sham|vehicle|off|without|no|not'
            ) }}
            or min(case when candidates.is_placebo_arm then 1 else 0 end) = 1
            and {{ has_word('open_groups.title_words', 'placebo|sham|vehicle') }}
        )
),

{#- 14. same title: a group no rule above decides takes the arm that every other group of its
    study with the same title was linked to by rules 1-12, one arm, among its own candidates: the
    registry names a group alike in each result section, and one section's text may decide what
    another's cannot ("RSG in Addition to Background MET", linked by its description among the
    adverse events, tied between four arms of rosiglitazone, metformin and a sulfonylurea in an
    outcome whose description names none) -#}
open_titles as (
    select distinct nct_id, result_group_title from open_groups
),

titled_arms as (
    select rule_links.nct_id, rule_links.result_group_title, rule_links.design_group_id
    from {{ ref('int_result_group_rule_links') }} as rule_links
    inner join open_titles
        on open_titles.nct_id = rule_links.nct_id
        and open_titles.result_group_title = rule_links.result_group_title
    where rule_links.design_group_id is not null
    {%- for decided_links in ['designator_links', 'described_links', 'named_dose_links'] %}
    union all
    select open_groups.nct_id, open_groups.result_group_title, {{ decided_links }}.design_group_id
    from {{ decided_links }}
    inner join open_groups on open_groups.result_group_id = {{ decided_links }}.result_group_id
    {%- endfor %}
),

same_title_links as (
    select candidates.result_group_id, candidates.design_group_id
    from candidates
    inner join open_groups on open_groups.result_group_id = candidates.result_group_id
    inner join (
        select nct_id, result_group_title, min(design_group_id) as design_group_id
        from titled_arms
        group by nct_id, result_group_title
        having count(distinct design_group_id) = 1
    ) as title_arms
        on title_arms.nct_id = candidates.nct_id
        and title_arms.result_group_title = open_groups.result_group_title
        and title_arms.design_group_id = candidates.design_group_id
),

decided as (
    select
        open_groups.result_group_id,
        case
            when designator_links.design_group_id is not null then 'designator'
            when described_links.design_group_id is not null then 'described_interventions'
            when named_dose_links.design_group_id is not null then 'named_dose'
            when placebo_links.design_group_id is not null then 'placebo'
            when same_treatment_links.result_group_id is not null then 'same_treatment'
            when same_title_links.result_group_id is not null then 'same_title'
            else 'named_intervention'
        end as link_method,
        coalesce(
            designator_links.design_group_id,
            described_links.design_group_id,
            named_dose_links.design_group_id,
            placebo_links.design_group_id,
            case
                when same_treatment_links.result_group_id is null
                    then same_title_links.design_group_id
            end
        ) as design_group_id,
        -- an arm decided above wins over these in the final coalesce
        same_treatment_links.treatment_key as shared_treatment_key,
        same_treatment_links.is_placebo_arm as shared_is_placebo_arm,
        named_intervention_links.intervention_id as named_intervention_id,
        named_intervention_links.is_placebo as named_is_placebo
    from open_groups
    left join designator_links
        on designator_links.result_group_id = open_groups.result_group_id
    left join described_links
        on described_links.result_group_id = open_groups.result_group_id
    left join named_dose_links
        on named_dose_links.result_group_id = open_groups.result_group_id
    left join placebo_links on placebo_links.result_group_id = open_groups.result_group_id
    left join same_treatment_links
        on same_treatment_links.result_group_id = open_groups.result_group_id
    left join same_title_links
        on same_title_links.result_group_id = open_groups.result_group_id
    left join named_intervention_links
        on named_intervention_links.result_group_id = open_groups.result_group_id
    where designator_links.design_group_id is not null
        or described_links.design_group_id is not null
        or named_dose_links.design_group_id is not null
        or placebo_links.design_group_id is not null
        or same_treatment_links.result_group_id is not null
        or same_title_links.result_group_id is not null
        or named_intervention_links.result_group_id is not null
),

linked as (
    select
        rule_links.*,
        coalesce(decided.design_group_id, rule_links.design_group_id) as linked_arm_id,
        coalesce(decided.link_method, rule_links.link_method) as linked_method,
        decided.shared_treatment_key,
        case
            when decided.link_method = 'named_intervention' then decided.named_is_placebo
            else decided.shared_is_placebo_arm
        end as shared_is_placebo_arm,
        case
            when decided.link_method = 'named_intervention' then decided.named_intervention_id
            else rule_links.intervention_id
        end as linked_intervention_id
    from {{ ref('int_result_group_rule_links') }} as rule_links
    left join decided on decided.result_group_id = rule_links.result_group_id
)

select
    linked.result_group_id,
    linked.nct_id,
    linked.result_type,
    linked.ctgov_group_code,
    linked.result_group_title,
    arms.design_group_id,
    arms.design_group_title,
    arms.arm_role,
    coalesce(arms.is_placebo_arm, linked.shared_is_placebo_arm, linked.is_placebo_arm)
        as is_placebo_arm,
    linked.linked_intervention_id as intervention_id,
    coalesce(arms.design_group_id, linked.shared_treatment_key, -linked.linked_intervention_id)
        as treatment_key,
    linked.linked_method as link_method,
    case
        when linked.linked_method in ('exact_title', 'normalized_title', 'single_arm') then 'high'
        when linked.linked_method in (
            'title_contains', 'description', 'placebo', 'dose', 'interventions', 'designator',
            'named_dose', 'sole_intervention', 'named_intervention'
        ) then 'medium'
        when linked.linked_method in (
            'title_within', 'title_words', 'elimination', 'described_interventions',
            'same_treatment', 'same_title'
        ) then 'low'
    end as link_confidence,
    linked.candidate_count,
    case
        when linked.linked_method in ('ambiguous', 'same_treatment')
            then linked.candidate_design_group_ids
    end as candidate_design_group_ids
from linked
left join {{ ref('int_result_arms') }} as arms on arms.design_group_id = linked.linked_arm_id
