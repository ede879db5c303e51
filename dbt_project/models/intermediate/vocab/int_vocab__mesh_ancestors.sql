{#- Every MeSH descriptor with itself and each descriptor above it in any of its trees (one row
    per descriptor × ancestor, `distance` the fewest steps up): the walk that rolls a
    condition's descriptor up to "Neoplasms". Tree numbers are walked by their dotted prefixes,
    so a MeSH file that lacks a parent simply stops the walk there. -#}
{{ config(materialized='table') }}
{#- a table: the recursive walk runs once, not once per reader and test -#}
with recursive walk as (
    select mesh_id, tree_number, 0 as distance
    from {{ ref('stg_vocab__mesh_tree_numbers') }}
    union all
    select walk.mesh_id, {{ parent_tree_number('walk.tree_number') }}, walk.distance + 1
    from walk
    where {{ parent_tree_number('walk.tree_number') }} is not null
),

ancestors as (
    select walk.mesh_id, tree.mesh_id as ancestor_mesh_id, min(walk.distance) as distance
    from walk
    inner join {{ ref('stg_vocab__mesh_tree_numbers') }} as tree
        on tree.tree_number = walk.tree_number
    group by walk.mesh_id, tree.mesh_id
),

names as (
    select mesh_id, min({{ bytewise('mesh_name') }}) as mesh_name
    from {{ ref('stg_vocab__mesh_tree_numbers') }}
    group by mesh_id
)

select
    ancestors.mesh_id || '>' || ancestors.ancestor_mesh_id as mesh_ancestor_id,
    ancestors.mesh_id,
    ancestors.ancestor_mesh_id,
    names.mesh_name as ancestor_mesh_name,
    ancestors.distance
from ancestors
inner join names on names.mesh_id = ancestors.ancestor_mesh_id
