{#- Drugs rolled up the MeSH tree of conditions: one row per drug × MeSH condition term that a
    counted trial of the drug reaches, so "all drugs tried in Neoplasms" is one filter. A trial
    reaches a term two ways (`via`):
    - registry: the study's condition browse terms, listed (`mesh-list`) or as an ancestor
      (`mesh-ancestor`); they annotate the study as a whole, so a drug meets all of them;
    - vocabulary: the MeSH descriptor of the drug's own condition row (dim_conditions' match,
      from the study's browse term or the MeSH file), with every ancestor in the MeSH file's
      trees (int_vocab__mesh_ancestors) — this reaches studies without browse terms.
    A trial counts as direct for a term it is listed with or whose condition is that term. -#}
with trial_drugs as (
    select distinct nct_id, drug_key, drug_name
    from {{ ref('fct_trial_drug_conditions') }}
    where is_counted
),

term_keys as materialized (
    -- each distinct browse term once: its key (regular-expression work, not per drug × term
    -- row) and the MeSH file's id (AACT's files carry none)
    select
        terms.mesh_term,
        {{ normalize_label('terms.mesh_term') }} as mesh_term_key,
        min({{ bytewise('names.mesh_id') }}) as mesh_id
    from (
        select distinct mesh_term from {{ ref('int_registry__browse_conditions') }}
    ) as terms
    left join {{ ref('int_vocab__mesh_descriptors') }} as names
        on names.key_kind = 'condition'
        and names.name_key = {{ sorted_word_key('terms.mesh_term') }}
    group by terms.mesh_term
),

ancestors as (
    select
        mesh_id,
        ancestor_mesh_id,
        ancestor_mesh_name,
        {{ normalize_label('ancestor_mesh_name') }} as ancestor_mesh_term_key,
        distance
    from {{ ref('int_vocab__mesh_ancestors') }}
),

registry_terms as (
    select
        trial_drugs.nct_id,
        trial_drugs.drug_key,
        trial_drugs.drug_name,
        names.mesh_term_key,
        terms.mesh_term,
        coalesce(terms.mesh_id, names.mesh_id) as mesh_id,
        terms.mesh_type = 'mesh-list' as is_direct,
        'registry' as via
    from trial_drugs
    inner join {{ ref('int_registry__browse_conditions') }} as terms
        on terms.nct_id = trial_drugs.nct_id
    inner join term_keys as names on names.mesh_term = terms.mesh_term
    where terms.mesh_type in ('mesh-list', 'mesh-ancestor')
),

vocabulary_terms as (
    select
        bridge.nct_id,
        bridge.drug_key,
        bridge.drug_name,
        ancestors.ancestor_mesh_term_key as mesh_term_key,
        ancestors.ancestor_mesh_name as mesh_term,
        ancestors.ancestor_mesh_id as mesh_id,
        ancestors.distance = 0 as is_direct,
        'vocabulary' as via
    from {{ ref('fct_trial_drug_conditions') }} as bridge
    inner join {{ ref('dim_conditions') }} as conditions
        on conditions.condition_key = bridge.condition_key
    inner join ancestors on ancestors.mesh_id = conditions.mesh_id
    where bridge.is_counted
),

reached as (
    select * from registry_terms
    union all
    select * from vocabulary_terms
),

rolled as (
    select
        drug_key,
        mesh_term_key,
        min({{ bytewise('drug_name') }}) as drug_name,
        min({{ bytewise('mesh_term') }}) as mesh_term,
        min({{ bytewise('mesh_id') }}) as mesh_id,
        count(distinct {{ bytewise('nct_id') }}) as trial_count,
        count(distinct {{ bytewise('case when is_direct then nct_id end') }}) as direct_trial_count,
        {{ sorted_distinct_string_agg('via') }} as via,
        {{ sorted_distinct_string_agg('nct_id') }} as nct_ids
    from reached
    group by drug_key, mesh_term_key
)

select
    {{ surrogate_key(['drug_key', 'mesh_term_key']) }} as drug_mesh_condition_id,
    cast(drug_key as {{ dbt.type_string() }}) as drug_key,
    cast(drug_name as {{ dbt.type_string() }}) as drug_name,
    cast(mesh_term as {{ dbt.type_string() }}) as mesh_term,
    cast(mesh_id as {{ dbt.type_string() }}) as mesh_id,
    cast(trial_count as bigint) as trial_count,
    cast(direct_trial_count as bigint) as direct_trial_count,
    cast(via as {{ dbt.type_string() }}) as via,
    cast(nct_ids as {{ dbt.type_string() }}) as nct_ids
from rolled
