{#- One row per condition (normalised name, `normalize_label`) across all studies: every
    spelling seen, whether it names healthy volunteers rather than a disease, and one MeSH
    descriptor: the best match any of its studies found (`int_trial_conditions.mesh_match`
    order: a study's own browse term first, then the MeSH vocabulary), ties to the lower id;
    and that descriptor's EFO, DOID ids (int_vocab__mesh_xrefs: EFO's and gilda's mappings),
    found by its id, else by its name when only the term is known. -#}
with spellings as (
    select
        condition_key,
        {{ sorted_distinct_string_agg('condition_name', ' | ') }} as spellings
    from {{ ref('int_registry__conditions') }}
    where condition_key <> ''
    group by condition_key
),

conditions as (
    select
        condition_key,
        min({{ bytewise('condition_name') }}) as condition_name,
        bool_or(is_healthy_volunteer) as is_healthy_volunteer,
        count(distinct {{ bytewise('nct_id') }}) as trial_count
    from {{ ref('int_trial_conditions') }}
    group by condition_key
),

mappings as (
    select
        condition_key,
        condition_mesh_id,
        condition_mesh_term,
        condition_mesh_match,
        row_number() over (
            partition by {{ bytewise('condition_key') }}
            order by
                condition_mesh_match_rank,
                {{ bytewise('condition_mesh_id') }},
                {{ bytewise('condition_mesh_term') }}
        ) as preference
    from {{ ref('int_trial_conditions') }}
    where condition_mesh_match_rank is not null
),

ids_by_term as (
    -- AACT's browse terms carry no id: the descriptor's, wherever a study or the MeSH file has it
    {{ mesh_ids_by_term(ref('int_trial_conditions'), 'condition_mesh_term', 'condition_mesh_id') }}
)

select
    cast(conditions.condition_key as {{ dbt.type_string() }}) as condition_key,
    cast(conditions.condition_name as {{ dbt.type_string() }}) as condition_name,
    cast(spellings.spellings as {{ dbt.type_string() }}) as spellings,
    cast(
        coalesce(mappings.condition_mesh_id, ids_by_term.mesh_id)
        as {{ dbt.type_string() }}
    ) as mesh_id,
    cast(mappings.condition_mesh_term as {{ dbt.type_string() }}) as mesh_term,
    cast(mappings.condition_mesh_match as {{ dbt.type_string() }}) as mesh_match,
    cast(xrefs.efo_id as {{ dbt.type_string() }}) as efo_id,
    cast(xrefs.efo_name as {{ dbt.type_string() }}) as efo_name,
    cast(xrefs.efo_source as {{ dbt.type_string() }}) as efo_source,
    cast(xrefs.doid_id as {{ dbt.type_string() }}) as doid_id,
    conditions.is_healthy_volunteer,
    cast(conditions.trial_count as bigint) as trial_count
from conditions
inner join spellings on spellings.condition_key = conditions.condition_key
left join mappings
    on mappings.condition_key = conditions.condition_key
    and mappings.preference = 1
-- by name on every row (the id wins in the coalesce): an `is null` in the condition would make
-- DuckDB join by nested loop
left join ids_by_term on ids_by_term.mesh_term = mappings.condition_mesh_term
left join {{ ref('int_vocab__mesh_xrefs') }} as xrefs
    on xrefs.mesh_id = coalesce(mappings.condition_mesh_id, ids_by_term.mesh_id)
