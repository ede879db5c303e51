{#- One row per study × condition by normalised name (`normalize_label`), flagged when it names
    healthy volunteers rather than a disease, with its MeSH descriptor: the study's own condition
    browse term (mesh-list) of the same normalised name, else the MeSH file's descriptor of that
    name (both as sorted words, so MeSH's inverted headings match plain wording); a study with
    one condition and one mesh-list term pairs them. Browse terms annotate the
    study, not a condition row: they are matched to a condition by normalised term (or as the
    study's only pair) within the study, never crossed. -#}
with conditions as (
    select
        nct_id,
        condition_key,
        min(condition_name) as condition_name,
        {{ sorted_distinct_string_agg('condition_name', ' | ') }} as spellings,
        {{ sorted_word_key('condition_key') }} as word_key,
        min(record_source) as record_source
    from {{ ref('int_registry__conditions') }}
    where condition_key <> ''
    group by nct_id, condition_key
),

browse_terms as (
    select
        nct_id,
        {{ sorted_word_key('mesh_term') }} as word_key,
        min(mesh_term) as mesh_term,
        min(mesh_id) as mesh_id
    from {{ ref('int_registry__browse_conditions') }}
    where mesh_type = 'mesh-list'
    group by nct_id, {{ sorted_word_key('mesh_term') }}
),

sole_terms as (
    select
        nct_id,
        min(mesh_term) as mesh_term,
        min(word_key) as word_key,
        min(mesh_id) as mesh_id
    from browse_terms
    group by nct_id
    having count(*) = 1
),

sole_conditions as (
    select nct_id from conditions group by nct_id having count(*) = 1
),

mesh_names as (
    select name_key, mesh_id, mesh_name
    from {{ ref('int_vocab__mesh_descriptors') }}
    where key_kind = 'condition'
)

select
    {{ surrogate_key(['conditions.nct_id', 'conditions.condition_key']) }} as trial_condition_id,
    conditions.nct_id,
    conditions.condition_key,
    conditions.condition_name,
    conditions.spellings,
    (
        conditions.condition_key like 'healthy%'
        or conditions.condition_key in ('normal volunteers', 'normal volunteer', 'volunteers')
    ) as is_healthy_volunteer,
    case
        when browse_terms.mesh_term is not null
            then coalesce(browse_terms.mesh_id, term_names.mesh_id)
        when sole_conditions.nct_id is not null and sole_terms.mesh_term is not null
            then coalesce(sole_terms.mesh_id, sole_names.mesh_id)
        else mesh_names.mesh_id
    end as condition_mesh_id,
    coalesce(
        browse_terms.mesh_term,
        case when sole_conditions.nct_id is not null then sole_terms.mesh_term end,
        mesh_names.mesh_name
    ) as condition_mesh_term,
    conditions.record_source
from conditions
left join browse_terms
    on browse_terms.nct_id = conditions.nct_id
    and browse_terms.word_key = conditions.word_key
left join mesh_names as term_names on term_names.name_key = browse_terms.word_key
left join sole_conditions on sole_conditions.nct_id = conditions.nct_id
left join sole_terms on sole_terms.nct_id = conditions.nct_id
left join mesh_names as sole_names on sole_names.name_key = sole_terms.word_key
left join mesh_names on mesh_names.name_key = conditions.word_key
