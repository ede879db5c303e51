{#- MeSH names as lookups: one row per matching key (a descriptor's name, and its entry terms
    when the MeSH file is NLM's XML) and key kind (condition labels: `sorted_word_key`; drug
    labels: `normalize_drug_name`), with the descriptor it names; a key two descriptors share
    goes to the lower id, deterministically. -#}
{{ config(materialized='table') }}
{#- a table: a full MeSH file has ~300,000 names; four models join on its computed keys (a
    view gives PostgreSQL's planner no statistics for them) -#}
with names as (
    select mesh_id, mesh_name as term
    from {{ ref('stg_vocab__mesh_tree_numbers') }}
    union
    select mesh_id, term
    from {{ ref('stg_vocab__mesh_entry_terms') }}
),

descriptor_names as (
    select mesh_id, min({{ bytewise('mesh_name') }}) as mesh_name
    from {{ ref('stg_vocab__mesh_tree_numbers') }}
    group by mesh_id
),

keys as (
    select 'condition' as key_kind, {{ sorted_word_key('term') }} as name_key, mesh_id
    from names
    union
    select 'drug' as key_kind, {{ normalize_drug_name('term') }} as name_key, mesh_id
    from names
),

chosen as (
    select key_kind, name_key, min({{ bytewise('mesh_id') }}) as mesh_id
    from keys
    where name_key is not null and name_key <> ''
    group by key_kind, name_key
)

select
    chosen.key_kind || ':' || chosen.name_key as mesh_lookup_id,
    chosen.key_kind,
    chosen.name_key,
    chosen.mesh_id,
    descriptor_names.mesh_name
from chosen
left join descriptor_names on descriptor_names.mesh_id = chosen.mesh_id
