-- ChEMBL drug indications: which molecule is developed for which MeSH/EFO disease, up to which
-- phase (4 = approved for it).
select
    drugind_id,
    molecule_chembl_id,
    coalesce(parent_molecule_chembl_id, molecule_chembl_id) as parent_molecule_chembl_id,
    max_phase_for_ind,
    mesh_id,
    mesh_heading,
    efo_id,
    efo_term,
    indication_refs
from {{ source('vocab', 'chembl_drug_indications') }}
