-- One row per MeSH descriptor × tree number, with the parent tree number for ancestor walks.
select
    mesh_id,
    mesh_name,
    tree_number,
    {{ parent_tree_number('tree_number') }} as parent_tree_number
from {{ source('vocab', 'mesh_tree_numbers') }}
