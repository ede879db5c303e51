{#- One row per drug (normalised name, `normalize_drug_name`) across all studies: every spelling
    seen, the MeSH descriptor the studies' browse terms give it (its id from a study or the MeSH
    file when the term came without one) with that descriptor's ChEBI id
    (gilda's MeSH mappings, by id, else by the term's name), and in how many trials it is an
    intervention (placebo and sham included here, flagged; the associations leave them out). -#}
with spellings as (
    select
        drug_key,
        {{ sorted_distinct_string_agg('intervention_name', ' | ') }} as spellings
    from {{ ref('int_registry__interventions') }}
    where intervention_type_code in ({{ drug_intervention_types() }})
      and drug_key <> ''
    group by drug_key
),

drugs as (
    select
        drug_key,
        min({{ bytewise('drug_name') }}) as drug_name,
        min({{ bytewise('drug_mesh_id') }}) as mesh_id,
        min({{ bytewise('drug_mesh_term') }}) as mesh_term,
        bool_or(is_placebo) as is_placebo,
        count(distinct {{ bytewise('nct_id') }}) as trial_count,
        count(distinct {{ bytewise("case when drug_role = 'experimental' then nct_id end") }})
            as experimental_trial_count
    from {{ ref('int_trial_drugs') }}
    group by drug_key
),

ids_by_term as (
    -- AACT's browse terms carry no id: the descriptor's, wherever a study or the MeSH file has it
    {{ mesh_ids_by_term(ref('int_trial_drugs'), 'drug_mesh_term', 'drug_mesh_id') }}
)

select
    cast(drugs.drug_key as {{ dbt.type_string() }}) as drug_key,
    cast(drugs.drug_name as {{ dbt.type_string() }}) as drug_name,
    cast(spellings.spellings as {{ dbt.type_string() }}) as spellings,
    cast(
        coalesce(drugs.mesh_id, ids_by_term.mesh_id)
        as {{ dbt.type_string() }}
    ) as mesh_id,
    cast(drugs.mesh_term as {{ dbt.type_string() }}) as mesh_term,
    cast(xrefs.chebi_id as {{ dbt.type_string() }}) as chebi_id,
    drugs.is_placebo,
    cast(drugs.trial_count as bigint) as trial_count,
    cast(drugs.experimental_trial_count as bigint) as experimental_trial_count
from drugs
inner join spellings on spellings.drug_key = drugs.drug_key
left join ids_by_term on ids_by_term.mesh_term = drugs.mesh_term
-- by name on every row (the id wins in the coalesce): an `is null` in the condition would make
-- DuckDB join by nested loop
left join {{ ref('int_vocab__mesh_xrefs') }} as xrefs
    on xrefs.mesh_id = coalesce(drugs.mesh_id, ids_by_term.mesh_id)
