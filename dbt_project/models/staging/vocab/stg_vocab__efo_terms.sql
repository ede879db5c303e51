-- EFO terms (efo.obo / efo.owl, obsolete ones left out): CURIE id, name, exact synonyms.
select
    efo_id,
    efo_name,
    synonyms,
    replace(efo_id, ':', '_') as open_targets_id
from {{ source('vocab', 'efo_terms') }}
