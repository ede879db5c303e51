{#- Each MeSH term with its descriptor id, wherever a study's rows (`relation`: a term column
    and an id column; CT.gov gives ids, AACT only terms) or the MeSH file name both: a select of
    (mesh_term, mesh_id) to join on the term. -#}
{% macro mesh_ids_by_term(relation, term_column, id_column) %}
    select mesh_term, min({{ bytewise('mesh_id') }}) as mesh_id
    from (
        select {{ term_column }} as mesh_term, {{ id_column }} as mesh_id from {{ relation }}
        union all
        select mesh_name, mesh_id from {{ ref('int_vocab__mesh_descriptors') }}
    ) as named
    where mesh_id is not null and mesh_term is not null
    group by mesh_term
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
