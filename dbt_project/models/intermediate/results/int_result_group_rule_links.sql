{#- One row per result group (Baseline, Participant Flow, Outcome, Reported Event) with the
    design group (arm) its title or description names, by rules 1-9 of int_result_group_arms
    (the rules, strongest first, and when two arms stay equally good: _results__models.yml;
    examples: docs/marts.md). int_result_group_arms adds the deciding rules for the groups left
    unlinked here and the arms' attributes. A table: a view would be computed again by every
    read, the build's row count included (15 minutes and more on PostgreSQL at 560,000 studies,
    outside this model's session settings). -#}
{{ config(materialized='table', pre_hook=["{{ hash_joins() }}", "{{ large_hashes() }}"]) }}
with result_group_rows as (
    select
        result_group_id, nct_id, result_type, ctgov_group_code, result_group_title, description,
        outcome_id,
        {{ surrogate_key(['nct_id', 'result_group_title', 'description']) }} as text_id
    from {{ ref('int_registry__result_groups') }}
),

{#- each distinct title and description of a study once: every outcome repeats the study's
    groups; a whole registry has 2 million group rows and a tenth as many distinct texts -#}
result_groups as (
    select
        text_id as result_group_id,
        min({{ bytewise('nct_id') }}) as nct_id,
        min({{ bytewise("coalesce(result_group_title, '')") }}) as title,
        min({{ bytewise(label_words('result_group_title')) }}) as title_words,
        min({{ bytewise(arm_title_key('result_group_title')) }}) as title_key,
        min({{ bytewise(label_words('description')) }}) as description_words
    from (
        select distinct text_id, nct_id, result_group_title, description from result_group_rows
    ) as texts
    group by text_id
),

arms as (
    select
        design_group_id,
        nct_id,
        design_group_title,
        arm_role,
        is_placebo_arm,
        study_arm_count,
        coalesce(design_group_title, '') as title,
        {{ label_words('design_group_title') }} as title_words,
        {{ arm_title_key('design_group_title') }} as title_key,
        {{ label_words('description') }} as description_words
    from {{ ref('int_result_arms') }}
),

{#- Title words of four letters or more and the digits of product codes, five or more
    ("PF-04236921", "GSK2269557": the words split off the letters; dose text, units and short
    codes such as "200", "mg", "q2w" do not count), each group's and arm's once, and how many
    each pair of a study shares: a join on (study, word), not a word intersection per pair. -#}
{%- for side, id_column, relation in [
    ('group', 'result_group_id', 'result_groups'), ('arm', 'design_group_id', 'arms')
] %}
{{ side }}_title_words as (
    select distinct {{ id_column }}, nct_id, word
    from (
        select {{ id_column }}, nct_id, unnest({{ label_word_list('title_key') }}) as word
        from {{ relation }}
    ) as split_titles
    where {{ is_title_word('word') }}
),
{% endfor %}
shared_title_words as (
    select
        group_title_words.result_group_id,
        arm_title_words.design_group_id,
        count(*) as shared_words
    from group_title_words
    inner join arm_title_words
        on arm_title_words.nct_id = group_title_words.nct_id
        and arm_title_words.word = group_title_words.word
    group by group_title_words.result_group_id, arm_title_words.design_group_id
),

pairs as (
    select
        result_groups.result_group_id,
        arms.design_group_id,
        arms.is_placebo_arm,
        arms.title_words,
        arms.title_key,
        arms.description_words,
        result_groups.title_words as group_title_words,
        case
            when result_groups.title = arms.title and arms.title <> '' then 1
            when result_groups.title_key = arms.title_key and arms.title_key <> '' then 2
            when {{ label_words_contain('result_groups.title_words', 'arms.title_words') }} then 3
            when {{ label_words_contain('arms.title_words', 'result_groups.title_words') }} then 4
        end as title_rank,
        case
            when result_groups.description_words = arms.description_words
                and arms.description_words <> '' then 5
            when {{ label_words_contain('result_groups.description_words', 'arms.description_words') }}
                then 6
        end as description_rank,
        coalesce(shared_title_words.shared_words, 0) as title_shared_words
    from result_groups
    inner join arms on arms.nct_id = result_groups.nct_id
    left join shared_title_words
        on shared_title_words.result_group_id = result_groups.result_group_id
        and shared_title_words.design_group_id = arms.design_group_id
),

ranked as (
    select
        *,
        min(rule_rank) over (partition by result_group_id) as best_rank
    from (
        select
            *,
            coalesce(title_rank, description_rank, case when shared_words > 0 then 7 end)
                as rule_rank
        from (
            select
                *,
                -- shared words count only where no title or description rule holds
                case
                    when title_rank is null and description_rank is null
                        then title_shared_words
                    else 0
                end as shared_words
            from pairs
        ) as words
    ) as rules
),

at_best as (
    select * from ranked where rule_rank = best_rank
),

{#- Of the arms at the best rule, set aside those another arm is better than under that rule:
    a longer title or description containing theirs (3, 6: "placebo erlotinib" over
    "erlotinib"), a shorter arm title within which the group's title lies (4), more shared
    words (7). Arms not comparable both stay. -#}
undominated as (
    select
        candidate.*,
        min(coalesce(candidate.description_rank, 9))
            over (partition by candidate.result_group_id) as best_description_rank,
        count(*) over (partition by candidate.result_group_id) as undominated_count
    from at_best as candidate
    where not exists (
        select 1
        from at_best as other
        where other.result_group_id = candidate.result_group_id
            and other.design_group_id <> candidate.design_group_id
            and (
                (candidate.rule_rank = 3
                    and other.title_words <> candidate.title_words
                    and {{ label_words_contain('other.title_words', 'candidate.title_words') }})
                or (candidate.rule_rank = 4
                    and other.title_words <> candidate.title_words
                    and {{ label_words_contain('candidate.title_words', 'other.title_words') }})
                or (candidate.rule_rank = 6
                    and other.description_words <> candidate.description_words
                    and {{ label_words_contain('other.description_words', 'candidate.description_words') }})
                or (candidate.rule_rank = 7 and other.shared_words > candidate.shared_words)
            )
    )
),

{#- Doses (`is_number_word`; "Arm 2" states none), each group's and arm's once, for the groups
    with arms still tied and those arms only (a whole registry's titles cost 2 s more) -#}
{%- for side, id_column, relation in [
    ('group', 'result_group_id', 'result_groups'), ('arm', 'design_group_id', 'arms')
] %}
{{ side }}_title_numbers as (
    {{ stated_numbers(relation, [id_column], 'title',
        id_column ~ ' in (select ' ~ id_column ~ ' from undominated where undominated_count > 1)'
    ) }}
),
{% endfor %}
{#- Arms still equally good: the tie-breaks of the header (description, placebo, dose) -#}
tied as (
    select
        *,
        {{ has_word('group_title_words', 'placebo') }} as group_says_placebo,
        count(*) over (partition by result_group_id) as tied_count,
        sum(case when is_placebo_arm then 1 else 0 end)
            over (partition by result_group_id) as placebo_arm_count,
        sum(numbers_fit) over (partition by result_group_id) as fitting_count
    from (
        select
            undominated.*,
            case
                when group_numbers.number_count > 0
                    and group_numbers.number_count = coalesce(found.found_count, 0)
                    then 1
                else 0
            end as numbers_fit
        from undominated
        left join (
            select result_group_id, count(*) as number_count
            from group_title_numbers
            group by result_group_id
        ) as group_numbers on group_numbers.result_group_id = undominated.result_group_id
        left join (
            select
                candidates.result_group_id,
                candidates.design_group_id,
                count(distinct group_title_numbers.number) as found_count
            from undominated as candidates
            inner join group_title_numbers
                on group_title_numbers.result_group_id = candidates.result_group_id
            inner join arm_title_numbers
                on arm_title_numbers.design_group_id = candidates.design_group_id
                and {{ same_dose('arm_title_numbers', 'group_title_numbers') }}
            group by candidates.result_group_id, candidates.design_group_id
        ) as found
            on found.result_group_id = undominated.result_group_id
            and found.design_group_id = undominated.design_group_id
        where coalesce(undominated.description_rank, 9) = undominated.best_description_rank
    ) as numbered
),

decided as (
    select
        result_group_id,
        min(rule_rank) as rule_rank,
        max(undominated_count) as undominated_count,
        max(tied_count) as candidate_count,
        count(*) as kept_count,
        case when count(*) = 1 then min(design_group_id) end as design_group_id,
        max(
            case when tied_count > 1 and fitting_count = 1 and not group_says_placebo then 1 else 0 end
        ) as by_dose
    from tied
    where (
            tied_count = 1
            or not (group_says_placebo and placebo_arm_count = 1 and rule_rank <> 3)
            or is_placebo_arm
        )
        and (tied_count = 1 or fitting_count <> 1 or numbers_fit = 1 or group_says_placebo)
    group by result_group_id
),

studies as (
    select nct_id, max(study_arm_count) as study_arm_count, min(design_group_id) as only_arm_id
    from arms
    group by nct_id
),

sole_interventions as (
    select
        interventions.nct_id,
        min(interventions.intervention_id) as intervention_id,
        max(case when {{ is_placebo_key('interventions.drug_key') }} then 1 else 0 end) = 1
            as is_placebo
    from {{ ref('int_registry__interventions') }} as interventions
    where interventions.nct_id in (select result_groups.nct_id from result_groups)
        and not exists (select 1 from studies where studies.nct_id = interventions.nct_id)
    group by interventions.nct_id
    having count(*) = 1
),

{#- each distinct text's link by the rules above (interventions and elimination come on top) -#}
rule_links as (
    select
        result_group_id as text_id,
        nct_id,
        link_method,
        candidate_count,
        case
            when link_method = 'single_arm' then only_arm_id
            when link_method not in ('total', 'ambiguous') then matched_arm_id
        end as design_group_id,
        case when link_method = 'sole_intervention' then sole_intervention_id end
            as intervention_id
    from (
        select
            result_groups.result_group_id,
            result_groups.nct_id,
            coalesce(decided.candidate_count, 0) as candidate_count,
            case
                when decided.rule_rank = 1 and decided.design_group_id is not null
                    then 'exact_title'
                when result_groups.title_words in (
                    'overall', 'all', 'all participants', 'all subjects', 'all patients',
                    'all study participants', 'all arms', 'all groups', 'all cohorts'
                )
                    or result_groups.title_words = 'total'
                    or result_groups.title_words like 'total %'
                    and coalesce(decided.rule_rank, 9) > 2
                    then 'total'
                when decided.kept_count > 1 then 'ambiguous'
                when decided.by_dose = 1 then 'dose'
                when decided.candidate_count > 1 then 'placebo'
                when decided.undominated_count > 1 or decided.rule_rank in (5, 6)
                    then 'description'
                when decided.rule_rank = 2 then 'normalized_title'
                when decided.rule_rank = 3 then 'title_contains'
                when decided.rule_rank = 4 then 'title_within'
                when decided.rule_rank = 7 then 'title_words'
                when studies.study_arm_count = 1 then 'single_arm'
                when sole_interventions.is_placebo
                    or sole_interventions.nct_id is not null
                    and not {{ has_word("coalesce(result_groups.title_words, '')", 'placebo') }}
                    then 'sole_intervention'
                when studies.nct_id is null then 'no_design_groups'
                else 'unmatched'
            end as link_method,
            decided.design_group_id as matched_arm_id,
            studies.only_arm_id,
            sole_interventions.intervention_id as sole_intervention_id
        from result_groups
        left join decided on decided.result_group_id = result_groups.result_group_id
        left join studies on studies.nct_id = result_groups.nct_id
        left join sole_interventions on sole_interventions.nct_id = result_groups.nct_id
    ) as methods
),

rule_tied_arms as (
    select ambiguous.text_id, ambiguous.nct_id, undominated.design_group_id
    from undominated
    inner join rule_links as ambiguous
        on ambiguous.text_id = undominated.result_group_id
        and ambiguous.link_method = 'ambiguous'
    where coalesce(undominated.description_rank, 9) = undominated.best_description_rank
),

{#- rule 8, for texts unmatched (any arm of the study) or ambiguous (the tied arms) -#}
title_fits as (
    select rule_links.text_id, fits.design_group_id, fits.evidence
    from rule_links
    inner join result_groups on result_groups.result_group_id = rule_links.text_id
    inner join {{ ref('int_result_group_intervention_fits') }} as fits
        on fits.nct_id = rule_links.nct_id
        and fits.text_kind = 'title'
        and fits.group_text = result_groups.title
        and fits.names_all_and_only
    left join rule_tied_arms
        on rule_tied_arms.text_id = rule_links.text_id
        and rule_tied_arms.design_group_id = fits.design_group_id
    where rule_links.link_method = 'unmatched'
        or rule_links.link_method = 'ambiguous' and rule_tied_arms.text_id is not null
),

intervention_links as (
    select text_id, 'interventions' as link_method, design_group_id
    from ({{ decided_fits('title_fits', 'text_id') }}) as decided
),

text_links as (
    select
        rule_links.text_id,
        rule_links.nct_id,
        coalesce(intervention_links.link_method, rule_links.link_method) as link_method,
        rule_links.candidate_count,
        coalesce(intervention_links.design_group_id, rule_links.design_group_id)
            as design_group_id,
        rule_links.intervention_id
    from rule_links
    left join intervention_links on intervention_links.text_id = rule_links.text_id
),

{#- Elimination, for few groups: first per text (`open_texts`, `open_studies`), then the rows of
    those texts and of the texts linked to their arms, in their result sets. -#}
tied_arms as (
    select rule_tied_arms.*
    from rule_tied_arms
    where rule_tied_arms.text_id not in (select text_id from intervention_links)
),

study_claims as (
    select tied_arms.text_id, tied_arms.design_group_id, linked_texts.text_id as claimer_text_id
    from tied_arms
    inner join text_links as linked_texts
        on linked_texts.nct_id = tied_arms.nct_id
        and linked_texts.design_group_id = tied_arms.design_group_id
),

open_texts as (
    select tied_arms.text_id
    from tied_arms
    left join (select distinct text_id, design_group_id from study_claims) as claimed
        on claimed.text_id = tied_arms.text_id
        and claimed.design_group_id = tied_arms.design_group_id
    group by tied_arms.text_id
    having count(*) - count(claimed.design_group_id) <= 1 and count(claimed.design_group_id) > 0
),

{#- a text no rule linked, in a study whose arms but one are linked: all its texts (sizes) -#}
open_studies as (
    select text_links.nct_id
    from text_links
    inner join studies on studies.nct_id = text_links.nct_id
    group by text_links.nct_id, studies.study_arm_count
    having max(case when text_links.link_method = 'unmatched' then 1 else 0 end) = 1
        and count(distinct text_links.design_group_id) = studies.study_arm_count - 1
),

set_texts as (
    select text_id from open_texts
    union
    select study_claims.claimer_text_id
    from study_claims
    inner join open_texts on open_texts.text_id = study_claims.text_id
    union
    select text_id from text_links where nct_id in (select nct_id from open_studies)
),

set_rows as (
    select
        result_group_rows.result_group_id,
        result_group_rows.nct_id,
        result_group_rows.result_type,
        result_group_rows.outcome_id,
        result_group_rows.text_id,
        text_links.link_method,
        text_links.design_group_id
    from result_group_rows
    inner join set_texts on set_texts.text_id = result_group_rows.text_id
    inner join text_links on text_links.text_id = result_group_rows.text_id
),

{#- An `Outcome` group's outcome: result_groups.outcome_id (AACT since 2024, the API's
    records), else (older AACT exports) the outcome whose participant counts or analyses name
    the group; a group whose outcome is unknown is in no set. Looked up for those groups only. -#}
unplaced_groups as (
    select result_group_id
    from set_rows
    where result_type = 'Outcome' and outcome_id is null
),

group_outcomes as (
    select result_group_id, min(outcome_id) as outcome_id
    from (
        select counts.result_group_id, counts.outcome_id
        from {{ ref('int_registry__outcome_counts') }} as counts
        where counts.result_group_id in (select result_group_id from unplaced_groups)
        union all
        select analysis_groups.result_group_id, analyses.outcome_id
        from {{ ref('int_registry__outcome_analysis_groups') }} as analysis_groups
        inner join {{ ref('int_registry__outcome_analyses') }} as analyses
            on analyses.outcome_analysis_id = analysis_groups.outcome_analysis_id
        where analysis_groups.result_group_id in (select result_group_id from unplaced_groups)
    ) as named
    group by result_group_id
),

result_sets as (
    select
        set_rows.result_group_id,
        set_rows.nct_id,
        set_rows.result_type,
        -- 0: the study's one set of its type (no outcome)
        case
            when set_rows.result_type = 'Outcome'
                then coalesce(set_rows.outcome_id, group_outcomes.outcome_id)
            else 0
        end as set_outcome_id,
        set_rows.text_id,
        set_rows.link_method,
        set_rows.design_group_id
    from set_rows
    left join group_outcomes on group_outcomes.result_group_id = set_rows.result_group_id
),

claimed_arms as (
    select distinct nct_id, result_type, set_outcome_id, design_group_id
    from result_sets
    where design_group_id is not null
),

set_sizes as (
    select nct_id, result_type, set_outcome_id, count(*) as group_count
    from result_sets
    where link_method <> 'total'
    group by nct_id, result_type, set_outcome_id
),

{#- the arms a group may be eliminated to: an ambiguous group's tied arms; an unmatched group's
    study's arms, when its set has a group per arm ("Total" aside) -#}
candidate_arms as (
    select ambiguous.result_group_id, tied_arms.design_group_id
    from result_sets as ambiguous
    inner join tied_arms on tied_arms.text_id = ambiguous.text_id
    where ambiguous.link_method = 'ambiguous'
    union all
    select unmatched.result_group_id, arms.design_group_id
    from result_sets as unmatched
    inner join set_sizes
        on set_sizes.nct_id = unmatched.nct_id
        and set_sizes.result_type = unmatched.result_type
        and set_sizes.set_outcome_id = unmatched.set_outcome_id
    inner join arms
        on arms.nct_id = unmatched.nct_id and arms.study_arm_count = set_sizes.group_count
    where unmatched.link_method = 'unmatched'
),

left_arms as (
    select
        open_groups.result_group_id,
        open_groups.nct_id,
        open_groups.result_type,
        open_groups.set_outcome_id,
        count(*) as left_count,
        min(candidate_arms.design_group_id) as design_group_id
    from result_sets as open_groups
    inner join candidate_arms on candidate_arms.result_group_id = open_groups.result_group_id
    left join claimed_arms
        on claimed_arms.nct_id = open_groups.nct_id
        and claimed_arms.result_type = open_groups.result_type
        and claimed_arms.set_outcome_id = open_groups.set_outcome_id
        and claimed_arms.design_group_id = candidate_arms.design_group_id
    where open_groups.set_outcome_id is not null
        and claimed_arms.design_group_id is null
    group by
        open_groups.result_group_id, open_groups.nct_id, open_groups.result_type,
        open_groups.set_outcome_id
),

eliminated as (
    select result_group_id, design_group_id
    from (
        select
            result_group_id,
            design_group_id,
            count(*) over (
                partition by
                    {{ bytewise('nct_id') }},
                    {{ bytewise('result_type') }},
                    set_outcome_id,
                    design_group_id
            ) as group_count
        from left_arms
        where left_count = 1
    ) as candidates
    where group_count = 1
),

{#- the arms an ambiguous text stays tied between, for int_result_group_arms and the user -#}
candidate_lists as (
    select
        text_id,
        {{ sorted_distinct_string_agg(dbt.cast('design_group_id', dbt.type_string()), ',') }}
            as candidate_design_group_ids
    from tied_arms
    group by text_id
)

select
    result_group_rows.result_group_id,
    result_group_rows.nct_id,
    result_group_rows.result_type,
    result_group_rows.ctgov_group_code,
    result_group_rows.result_group_title,
    coalesce(eliminated.design_group_id, text_links.design_group_id) as design_group_id,
    text_links.intervention_id,
    coalesce(arms.is_placebo_arm, sole_interventions.is_placebo) as is_placebo_arm,
    case
        when eliminated.design_group_id is not null then 'elimination'
        else text_links.link_method
    end as link_method,
    text_links.candidate_count,
    case
        when eliminated.design_group_id is null and text_links.link_method = 'ambiguous'
            then candidate_lists.candidate_design_group_ids
    end as candidate_design_group_ids,
    -- the description of a group left unmatched or ambiguous, for int_result_group_arms' rule 11
    case
        when eliminated.design_group_id is null
            and text_links.link_method in ('unmatched', 'ambiguous')
            then result_group_rows.description
    end as open_description
from result_group_rows
inner join text_links on text_links.text_id = result_group_rows.text_id
left join eliminated on eliminated.result_group_id = result_group_rows.result_group_id
left join candidate_lists on candidate_lists.text_id = result_group_rows.text_id
left join arms
    on arms.design_group_id = coalesce(eliminated.design_group_id, text_links.design_group_id)
left join sole_interventions on sole_interventions.intervention_id = text_links.intervention_id
