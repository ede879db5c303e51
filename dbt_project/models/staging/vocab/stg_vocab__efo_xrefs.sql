-- EFO's cross-references: term × database id (MESH D001249, DOID 2841, MONDO 0004979, …).
select
    efo_id,
    xref_db,
    xref_id,
    xref_db || ':' || xref_id as xref_curie
from {{ source('vocab', 'efo_xrefs') }}
