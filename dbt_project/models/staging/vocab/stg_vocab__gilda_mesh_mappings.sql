-- gilda's MeSH cross-references: each MeSH id with the one ChEBI, DOID, EFO, HP, GO, HGNC or
-- FamPlex entry gilda maps it to (target_id a CURIE: CHEBI:15365, EFO:0009502).
select
    mesh_id,
    mesh_name,
    target_db,
    target_id,
    target_name
from {{ source('vocab', 'gilda_mesh_mappings') }}
