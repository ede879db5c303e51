{#- One row per MeSH id that another vocabulary maps: the EFO term (Open Targets' id form,
    EFO_0000270), the DOID and the ChEBI id. EFO comes from, best first: EFO's own MeSH
    cross-references (when EFO is loaded), gilda's MeSH → EFO mapping, gilda's MeSH → DOID
    mapping through EFO's DOID cross-references; among terms of the same source, the one
    named like the descriptor, then the lowest id. DOID and ChEBI are gilda's (gilda maps a
    MeSH id to one target, so a MeSH id has at most one of EFO, DOID, ChEBI from it). -#}
{{ config(materialized='table') }}
{#- a table: three marts join it, and gilda alone has ~32,000 rows -#}
with gilda as (
    select
        mesh_id,
        min({{ bytewise('mesh_name') }}) as mesh_name,
        min({{ bytewise("case when target_db = 'EFO' then target_id end") }}) as efo_id,
        min({{ bytewise("case when target_db = 'DOID' then target_id end") }}) as doid_id,
        min({{ bytewise("case when target_db = 'CHEBI' then target_id end") }}) as chebi_id,
        min({{ bytewise("case when target_db = 'EFO' then target_name end") }}) as efo_name
    from {{ ref('stg_vocab__gilda_mesh_mappings') }}
    group by mesh_id
),

mesh_names as (
    select mesh_id, min({{ bytewise('mesh_name') }}) as mesh_name
    from (
        select mesh_id, mesh_name from {{ ref('stg_vocab__mesh_tree_numbers') }}
        union all
        select mesh_id, mesh_name from gilda
    ) as named
    where mesh_name is not null
    group by mesh_id
),

terms as (
    select efo_id, efo_name from {{ ref('stg_vocab__efo_terms') }}
),

candidates as (
    select xrefs.xref_id as mesh_id, xrefs.efo_id, terms.efo_name,
        1 as source_rank, 'EFO cross-reference' as efo_source
    from {{ ref('stg_vocab__efo_xrefs') }} as xrefs
    inner join terms on terms.efo_id = xrefs.efo_id
    where xrefs.xref_db = 'MESH'
    union all
    select gilda.mesh_id, gilda.efo_id, coalesce(terms.efo_name, gilda.efo_name),
        2 as source_rank, 'gilda' as efo_source
    from gilda
    left join terms on terms.efo_id = gilda.efo_id
    where gilda.efo_id is not null
    union all
    select gilda.mesh_id, xrefs.efo_id, terms.efo_name,
        3 as source_rank, 'gilda DOID, EFO cross-reference' as efo_source
    from gilda
    inner join {{ ref('stg_vocab__efo_xrefs') }} as xrefs
        on xrefs.xref_curie = gilda.doid_id
    inner join terms on terms.efo_id = xrefs.efo_id
    where gilda.doid_id is not null
),

ranked as (
    select
        candidates.*,
        row_number() over (
            partition by {{ bytewise('candidates.mesh_id') }}
            order by
                candidates.source_rank,
                case when lower(candidates.efo_name) = lower(mesh_names.mesh_name) then 0 else 1 end,
                {{ bytewise('candidates.efo_id') }}
        ) as preference
    from candidates
    left join mesh_names on mesh_names.mesh_id = candidates.mesh_id
),

chosen as (
    select mesh_id, efo_id, efo_name, efo_source from ranked where preference = 1
),

mapped as (
    select mesh_id from chosen
    union
    select mesh_id from gilda
)

select
    mapped.mesh_id,
    mesh_names.mesh_name,
    replace(chosen.efo_id, ':', '_') as efo_id,
    chosen.efo_name,
    chosen.efo_source,
    gilda.doid_id,
    gilda.chebi_id
from mapped
left join chosen on chosen.mesh_id = mapped.mesh_id
left join gilda on gilda.mesh_id = mapped.mesh_id
left join mesh_names on mesh_names.mesh_id = mapped.mesh_id
