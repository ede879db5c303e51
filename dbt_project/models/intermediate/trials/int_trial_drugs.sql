{#- One row per study × drug: interventions of a drug type (`drug_intervention_types`) grouped
    by normalised name (`normalize_drug_name`), named by the key's most frequent spelling across
    all studies (`display_names`), with the arms that give it (design groups), its
    MeSH descriptor (the study's own intervention browse term naming it, else the MeSH file's
    descriptor of that name) and its ChEMBL id (the ChEMBL molecule files' names). -#}
{{ config(materialized='table') }}
{#- a table: three marts and its tests read it, its keys are regular-expression work, and
    on PostgreSQL a view gives the planner no estimate of its computed keys (it guessed billions
    of arm rows, and a test on the view ran out of memory at 560k studies) -#}
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

browse_terms as (
    select
        nct_id,
        {{ normalize_drug_name('mesh_term') }} as drug_key,
        min(mesh_term) as mesh_term,
        min(mesh_id) as mesh_id
    from {{ ref('int_registry__browse_interventions') }}
    where mesh_type = 'mesh-list'
    group by nct_id, {{ normalize_drug_name('mesh_term') }}
),

mesh_names as (
    select name_key as drug_key, mesh_id, mesh_name
    from {{ ref('int_vocab__mesh_descriptors') }}
    where key_kind = 'drug'
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
        {{ sorted_distinct_string_agg('arms.arm_role') }} as arm_roles,
        max(case when arms.arm_role = 'EXPERIMENTAL' then 1 else 0 end) as in_experimental_arm,
        max(
            case
                when arms.arm_role in ('ACTIVE_COMPARATOR', 'PLACEBO_COMPARATOR', 'SHAM_COMPARATOR')
                    then 1
                else 0
            end
        ) as in_comparator_arm,
        max(case when arms.arm_role is not null then 1 else 0 end) as in_typed_arm,
        min(interventions.record_source) as record_source
    from interventions
    left join arms on arms.intervention_id = interventions.intervention_id
    group by interventions.nct_id, interventions.drug_key
)

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
    {{ is_placebo_name('drugs.drug_key') }} as is_placebo,
    coalesce(browse_terms.mesh_id, mesh_names.mesh_id) as drug_mesh_id,
    coalesce(browse_terms.mesh_term, mesh_names.mesh_name) as drug_mesh_term,
    chembl.molecule_chembl_id as drug_chembl_id,
    drugs.record_source
from drugs
inner join display_names on display_names.name_key = drugs.drug_key
left join browse_terms
    on browse_terms.nct_id = drugs.nct_id and browse_terms.drug_key = drugs.drug_key
left join mesh_names on mesh_names.drug_key = drugs.drug_key
left join {{ ref('int_vocab__drug_chembl_ids') }} as chembl on chembl.drug_key = drugs.drug_key
