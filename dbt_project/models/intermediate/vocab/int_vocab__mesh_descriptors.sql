{#- One row per MeSH descriptor of the user's MeSH file (CTW_MESH_FILE), with the keys that
    match a condition label (`normalize_label`) or a drug label (`normalize_drug_name`). -#}
select
    mesh_id,
    min(mesh_name) as mesh_name,
    {{ normalize_label('min(mesh_name)') }} as name_key,
    {{ normalize_drug_name('min(mesh_name)') }} as drug_key
from {{ ref('stg_vocab__mesh_tree_numbers') }}
group by mesh_id
