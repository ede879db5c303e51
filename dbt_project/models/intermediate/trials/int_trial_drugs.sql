{#- One row per study × drug: interventions of a drug type (`drug_intervention_types`) grouped
    by normalised name (`normalize_drug_name`), named by the key's most frequent spelling across
    all studies (`display_names`), with the arms that give it (design groups), its
    MeSH descriptor and how it was found (`drug_mesh_match`: the study's own intervention
    browse term naming it, else the study's browse term whose words are all in its name
    (`terms_within_labels`: "Pembrolizumab 200 mg IV" meets Pembrolizumab), else the MeSH file's
    descriptor of that name, else the same two by one of the intervention's other names
    (`intervention_other_names`: a code or brand name the registrant listed, "MK-3475" →
    Pembrolizumab), only when its other names name one descriptor) and its ChEMBL id (the ChEMBL
    molecule files' names: the drug's own, else one molecule its other names name). -#}
{{ config(materialized='table', pre_hook="{{ hash_joins() }}") }}
{#- a table: three marts and its tests read it, its keys are regular-expression work, and
    on PostgreSQL a view gives the planner no estimate of its computed keys (it guessed billions
    of arm rows, and a test on the view ran out of memory at 560k studies) -#}
{#- browse terms that name no drug of their own (`is_generic_term`): never matched by their
    words or as a study's only term -#}
{%- set generic_words = [
    'drug', 'agent', 'pharmaceutical', 'preparation', 'solution', 'combination', 'therapy',
    'therapeutic', 'product', 'tablet', 'capsule', 'injection', 'infusion', 'powder', 'control',
    'group'
] -%}
with interventions as (
    select *
    from {{ ref('int_registry__interventions') }}
    where intervention_type_code in ({{ drug_intervention_types() }})
      and drug_key <> ''
),

arms as (
    select
        links.intervention_id,
        groups.arm_role
    from {{ ref('int_registry__design_group_interventions') }} as links
    inner join {{ ref('int_registry__design_groups') }} as groups
        on groups.design_group_id = links.design_group_id
),

browse_term_keys as materialized (
    -- the drug key is a chain of regular expressions: once per distinct term, not per study
    select mesh_term, {{ normalize_drug_name('mesh_term') }} as drug_key
    from (
        select distinct mesh_term
        from {{ ref('int_registry__browse_interventions') }}
        where mesh_type = 'mesh-list'
    ) as terms
),

browse_terms as (
    select
        browse.nct_id,
        term_keys.drug_key,
        min({{ bytewise('browse.mesh_term') }}) as mesh_term,
        min({{ bytewise('browse.mesh_id') }}) as mesh_id
    from {{ ref('int_registry__browse_interventions') }} as browse
    inner join browse_term_keys as term_keys on term_keys.mesh_term = browse.mesh_term
    where browse.mesh_type = 'mesh-list'
    group by browse.nct_id, term_keys.drug_key
),

drug_labels as (
    select distinct nct_id, drug_key as label_key from interventions
),

study_terms as (
    select nct_id, mesh_term, mesh_id
    from browse_terms
    where not {{ is_generic_term('mesh_term', generic_words) }}
),

contained_terms as (
    select nct_id, label_key as drug_key, mesh_term, mesh_id
    from {{ terms_within_labels('drug_labels', 'study_terms') }} as contained
),

sole_terms as (
    -- a study with one drug besides placebo and one browse term: one aggregate over both
    select
        nct_id,
        min({{ bytewise('label_key') }}) as drug_key,
        min({{ bytewise('mesh_term') }}) as mesh_term,
        min({{ bytewise('mesh_id') }}) as mesh_id
    from (
        select nct_id, label_key, null as mesh_term, null as mesh_id, 1 as is_drug
        from drug_labels
        where not ({{ is_placebo_key('label_key') }})
        union all
        select nct_id, null, mesh_term, mesh_id, 0
        from study_terms
    ) as study_rows
    group by nct_id
    having sum(is_drug) = 1 and count(*) = 2
),

mesh_names as (
    select name_key as drug_key, mesh_id, mesh_name
    from {{ ref('int_vocab__mesh_descriptors') }}
    where key_kind = 'drug'
),

{#- each distinct other name's key once: the staging view's `drug_key` is the same chain of
    regular expressions, which PostgreSQL would run at every mention of it for every row (12 s
    for one filter over 540,000 other names) -#}
other_name_keys as materialized (
    select other_name, {{ normalize_drug_name('other_name') }} as other_key
    from (
        select distinct other_name from {{ ref('int_registry__intervention_other_names') }}
    ) as names
),

other_names as (
    -- distinct (study, drug, other name key): a drug's other names are looked up only as keys
    select distinct interventions.nct_id, interventions.drug_key, keys.other_key
    from {{ ref('int_registry__intervention_other_names') }} as others
    inner join other_name_keys as keys on keys.other_name = others.other_name
    inner join interventions on interventions.intervention_id = others.intervention_id
    where keys.other_key <> '' and keys.other_key <> interventions.drug_key
),

other_name_hits as (
    select other_names.nct_id, other_names.drug_key, 1 as match_rank,
        browse_terms.mesh_id, browse_terms.mesh_term
    from other_names
    inner join browse_terms
        on browse_terms.nct_id = other_names.nct_id
        and browse_terms.drug_key = other_names.other_key
    union all
    select other_names.nct_id, other_names.drug_key, 2 as match_rank,
        mesh_names.mesh_id, mesh_names.mesh_name
    from other_names
    inner join mesh_names on mesh_names.drug_key = other_names.other_key
),

other_name_terms as (
    -- the best kind of hit per drug, kept only when its other names name one descriptor
    select hits.nct_id, hits.drug_key, min(hits.match_rank) as match_rank,
        min({{ bytewise('hits.mesh_id') }}) as mesh_id,
        min({{ bytewise('hits.mesh_term') }}) as mesh_term
    from other_name_hits as hits
    inner join (
        select nct_id, drug_key, min(match_rank) as match_rank
        from other_name_hits
        group by nct_id, drug_key
    ) as best
        on best.nct_id = hits.nct_id and best.drug_key = hits.drug_key
        and best.match_rank = hits.match_rank
    group by hits.nct_id, hits.drug_key
    having count(distinct {{ bytewise('coalesce(hits.mesh_term, hits.mesh_id)') }}) = 1
),

other_name_chembl as (
    select other_names.nct_id, other_names.drug_key,
        min({{ bytewise('chembl.molecule_chembl_id') }}) as molecule_chembl_id
    from other_names
    inner join {{ ref('int_vocab__drug_chembl_ids') }} as chembl
        on chembl.drug_key = other_names.other_key
    group by other_names.nct_id, other_names.drug_key
    having count(distinct {{ bytewise('chembl.molecule_chembl_id') }}) = 1
),

display_names as (
    {{ display_names('interventions', 'drug_key', 'intervention_name') }}
),

drugs as (
    select
        interventions.nct_id,
        interventions.drug_key,
        {{ sorted_distinct_string_agg('interventions.intervention_name', ' | ') }} as spellings,
        {{ sorted_distinct_string_agg('interventions.intervention_type_code') }}
            as intervention_types,
        nullif({{ sorted_distinct_string_agg('arms.arm_role') }}, '') as arm_roles,
        max(case when arms.arm_role = 'EXPERIMENTAL' then 1 else 0 end) as in_experimental_arm,
        max(
            case
                when arms.arm_role in ('ACTIVE_COMPARATOR', 'PLACEBO_COMPARATOR', 'SHAM_COMPARATOR')
                    then 1
                else 0
            end
        ) as in_comparator_arm,
        max(case when arms.arm_role is not null then 1 else 0 end) as in_typed_arm,
        min({{ bytewise('interventions.record_source') }}) as record_source
    from interventions
    left join arms on arms.intervention_id = interventions.intervention_id
    group by interventions.nct_id, interventions.drug_key
),

matched as (
    select
        {{ surrogate_key(['drugs.nct_id', 'drugs.drug_key']) }} as trial_drug_id,
        drugs.nct_id,
        drugs.drug_key,
        display_names.display_name as drug_name,
        drugs.spellings,
        drugs.intervention_types,
        drugs.arm_roles,
        case
            when drugs.in_experimental_arm = 1 then 'experimental'
            when drugs.in_comparator_arm = 1 then 'comparator_only'
            when drugs.in_typed_arm = 1 then 'other_arm'
            else 'no_arm'
        end as drug_role,
        {{ is_placebo_key('drugs.drug_key') }} as is_placebo,
        case
            when browse_terms.mesh_term is not null then browse_terms.mesh_id
            when contained_terms.mesh_term is not null then contained_terms.mesh_id
            when sole_terms.mesh_term is not null then sole_terms.mesh_id
            when mesh_names.mesh_id is not null then mesh_names.mesh_id
            else other_name_terms.mesh_id
        end as drug_mesh_id,
        coalesce(
            browse_terms.mesh_term, contained_terms.mesh_term, sole_terms.mesh_term,
            mesh_names.mesh_name, other_name_terms.mesh_term
        ) as drug_mesh_term,
        case
            when browse_terms.mesh_term is not null then 'study browse term: same name'
            when contained_terms.mesh_term is not null
                then 'study browse term: all its words in the drug name'
            when sole_terms.mesh_term is not null then 'study browse term: sole drug and sole term'
            when mesh_names.mesh_name is not null then 'MeSH vocabulary: same name'
            when other_name_terms.match_rank = 1 then 'other name: study browse term of that name'
            when other_name_terms.match_rank = 2 then 'other name: MeSH vocabulary of that name'
        end as drug_mesh_match,
        coalesce(chembl.molecule_chembl_id, other_name_chembl.molecule_chembl_id) as drug_chembl_id,
        case
            when chembl.molecule_chembl_id is not null then 'same name'
            when other_name_chembl.molecule_chembl_id is not null then 'other name'
        end as drug_chembl_match,
        drugs.record_source
    from drugs
    inner join display_names on display_names.name_key = drugs.drug_key
    left join browse_terms
        on browse_terms.nct_id = drugs.nct_id and browse_terms.drug_key = drugs.drug_key
    left join contained_terms
        on contained_terms.nct_id = drugs.nct_id
        and contained_terms.drug_key = drugs.drug_key
    left join sole_terms
        on sole_terms.nct_id = drugs.nct_id and sole_terms.drug_key = drugs.drug_key
    left join mesh_names on mesh_names.drug_key = drugs.drug_key
    left join {{ ref('int_vocab__drug_chembl_ids') }} as chembl on chembl.drug_key = drugs.drug_key
    left join other_name_terms
        on other_name_terms.nct_id = drugs.nct_id and other_name_terms.drug_key = drugs.drug_key
    left join other_name_chembl
        on other_name_chembl.nct_id = drugs.nct_id and other_name_chembl.drug_key = drugs.drug_key
),

{#- elimination: a study's one drug left without a term by the rules above and its one browse
    term left to no drug ("Retosiban" and GSK221149A beside atosiban, which has its own term).
    A combination ("A/B", "A + B", "A and B", "A plus B", "A with B") or a name made only of
    generic words ("Control") is never one of them: it would take a component's or another
    drug's term -#}
unmatched_drugs as (
    select nct_id, min({{ bytewise('drug_key') }}) as drug_key
    from matched
    where drug_mesh_term is null
        and not is_placebo
        and not {{ regex_contains('drug_key', '[/+&,;]| (and|plus|with|or|then) ') }}
        and not {{ is_generic_term('drug_key', generic_words) }}
    group by nct_id
    having count(*) = 1
),

left_terms as (
    select
        study_terms.nct_id,
        min({{ bytewise('study_terms.mesh_term') }}) as mesh_term,
        min({{ bytewise('study_terms.mesh_id') }}) as mesh_id
    from study_terms
    where not exists (
        select 1 from matched
        where matched.nct_id = study_terms.nct_id and matched.drug_mesh_term = study_terms.mesh_term
    )
    group by study_terms.nct_id
    having count(*) = 1
),

eliminated as (
    select unmatched_drugs.nct_id, unmatched_drugs.drug_key, left_terms.mesh_term, left_terms.mesh_id
    from unmatched_drugs
    inner join left_terms on left_terms.nct_id = unmatched_drugs.nct_id
)

select
    matched.trial_drug_id,
    matched.nct_id,
    matched.drug_key,
    matched.drug_name,
    matched.spellings,
    matched.intervention_types,
    matched.arm_roles,
    matched.drug_role,
    matched.is_placebo,
    coalesce(matched.drug_mesh_id, eliminated.mesh_id) as drug_mesh_id,
    coalesce(matched.drug_mesh_term, eliminated.mesh_term) as drug_mesh_term,
    case
        when matched.drug_mesh_term is not null then matched.drug_mesh_match
        when eliminated.mesh_term is not null
            then 'study browse term: the one left to the one drug left'
    end as drug_mesh_match,
    matched.drug_chembl_id,
    matched.drug_chembl_match,
    matched.record_source
from matched
left join eliminated
    on eliminated.nct_id = matched.nct_id and eliminated.drug_key = matched.drug_key
