{#- One row per condition (normalised name, `normalize_label`) across all studies: every
    spelling seen, the MeSH descriptor the studies' browse terms give it, and whether it names
    healthy volunteers rather than a disease. -#}
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
        min(condition_name) as condition_name,
        min(condition_mesh_id) as mesh_id,
        min(condition_mesh_term) as mesh_term,
        bool_or(is_healthy_volunteer) as is_healthy_volunteer,
        count(distinct nct_id) as trial_count
    from {{ ref('int_trial_conditions') }}
    group by condition_key
)

select
    cast(conditions.condition_key as {{ dbt.type_string() }}) as condition_key,
    cast(conditions.condition_name as {{ dbt.type_string() }}) as condition_name,
    cast(spellings.spellings as {{ dbt.type_string() }}) as spellings,
    cast(conditions.mesh_id as {{ dbt.type_string() }}) as mesh_id,
    cast(conditions.mesh_term as {{ dbt.type_string() }}) as mesh_term,
    conditions.is_healthy_volunteer,
    cast(conditions.trial_count as bigint) as trial_count
from conditions
inner join spellings on spellings.condition_key = conditions.condition_key
