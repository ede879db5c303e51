-- ChEMBL molecule names (preferred name and synonyms), keyed for matching intervention names.
select
    molecule_chembl_id,
    pref_name,
    synonym,
    syn_type,
    lower({{ collapse_whitespace('synonym') }}) as synonym_key,
    max_phase
from {{ source('vocab', 'chembl_molecules') }}
