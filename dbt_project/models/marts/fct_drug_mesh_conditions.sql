{#- Drugs rolled up the MeSH tree of conditions: one row per drug × MeSH condition term that any
    counted trial of the drug is annotated with, directly (`mesh-list`) or as an ancestor
    (`mesh-ancestor`), so "all drugs tried in Neoplasms" is one filter. The browse terms
    annotate the study as a whole: a drug meets the study's MeSH terms, not one condition row. -#}
with trial_drugs as (
    select distinct nct_id, drug_key, drug_name
    from {{ ref('fct_trial_drug_conditions') }}
    where is_counted
),

terms as (
    select distinct nct_id, mesh_term, mesh_term_key, mesh_id, mesh_type
    from {{ ref('int_registry__browse_conditions') }}
    where mesh_type in ('mesh-list', 'mesh-ancestor')
),

rolled as (
    select
        trial_drugs.drug_key,
        terms.mesh_term_key,
        min(trial_drugs.drug_name) as drug_name,
        min(terms.mesh_term) as mesh_term,
        min(terms.mesh_id) as mesh_id,
        count(distinct trial_drugs.nct_id) as trial_count,
        count(distinct case when terms.mesh_type = 'mesh-list' then trial_drugs.nct_id end)
            as direct_trial_count,
        {{ sorted_distinct_string_agg('trial_drugs.nct_id') }} as nct_ids
    from trial_drugs
    inner join terms on terms.nct_id = trial_drugs.nct_id
    group by trial_drugs.drug_key, terms.mesh_term_key
)

select
    {{ surrogate_key(['drug_key', 'mesh_term_key']) }} as drug_mesh_condition_id,
    cast(drug_key as {{ dbt.type_string() }}) as drug_key,
    cast(drug_name as {{ dbt.type_string() }}) as drug_name,
    cast(mesh_term as {{ dbt.type_string() }}) as mesh_term,
    cast(mesh_id as {{ dbt.type_string() }}) as mesh_id,
    cast(trial_count as bigint) as trial_count,
    cast(direct_trial_count as bigint) as direct_trial_count,
    cast(nct_ids as {{ dbt.type_string() }}) as nct_ids
from rolled
