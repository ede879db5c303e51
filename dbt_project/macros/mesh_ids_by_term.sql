{#- Each MeSH term with its descriptor id, wherever a study's rows (`relation`: a term column
    and an id column; CT.gov gives ids, AACT only terms) or the MeSH file name both, else where
    gilda's MeSH mappings (int_vocab__mesh_xrefs, ~32,000 descriptors) give the name exactly one
    id: a select of (mesh_term, mesh_id) to join on the term. AACT's browse terms then reach the
    same descriptor ids as CT.gov's, where the bundled MeSH subset lacks the descriptor. -#}
{% macro mesh_ids_by_term(relation, term_column, id_column) %}
    with named as (
        select mesh_term, min({{ bytewise('mesh_id') }}) as mesh_id
        from (
            select {{ term_column }} as mesh_term, {{ id_column }} as mesh_id from {{ relation }}
            union all
            select mesh_name, mesh_id from {{ ref('int_vocab__mesh_descriptors') }}
        ) as named
        where mesh_id is not null and mesh_term is not null
        group by mesh_term
    )
    select mesh_term, mesh_id from named
    union all
    select mesh_name, mesh_id
    from ({{ mesh_xref_ids_by_name() }}) as xrefs
    where mesh_name not in (select mesh_term from named)
{% endmacro %}

{#- MeSH names that one descriptor of the cross-reference table holds, with its id: how a term
    without an id (AACT's browse terms) reaches its EFO, DOID or ChEBI ids. -#}
{% macro mesh_xref_ids_by_name() %}
    select mesh_name, min({{ bytewise('mesh_id') }}) as mesh_id
    from {{ ref('int_vocab__mesh_xrefs') }}
    where mesh_name is not null
    group by mesh_name
    having count(*) = 1
{% endmacro %}
