-- One row per MeSH descriptor × a name it is known by, with the keys that match free-text
-- condition and drug labels.
select
    mesh_id,
    term,
    {{ normalize_label('term') }} as term_key,
    {{ normalize_drug_name('term') }} as drug_key
from {{ source('vocab', 'mesh_entry_terms') }}
