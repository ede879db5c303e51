{#- One row per study × condition by normalised name (`normalize_label`), flagged when it names
    healthy volunteers rather than a disease, with its MeSH descriptor when the study's own
    condition browse terms (mesh-list) name it. Browse terms annotate the study, not a condition
    row: they are matched to a condition by normalised term within the study, never crossed. -#}
with conditions as (
    select
        nct_id,
        condition_key,
        min(condition_name) as condition_name,
        {{ sorted_distinct_string_agg('condition_name', ' | ') }} as spellings,
        min(record_source) as record_source
    from {{ ref('int_registry__conditions') }}
    where condition_key <> ''
    group by nct_id, condition_key
),

browse_terms as (
    select
        nct_id,
        mesh_term_key,
        min(mesh_term) as mesh_term,
        min(mesh_id) as mesh_id
    from {{ ref('int_registry__browse_conditions') }}
    where mesh_type = 'mesh-list'
    group by nct_id, mesh_term_key
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
    browse_terms.mesh_id as condition_mesh_id,
    browse_terms.mesh_term as condition_mesh_term,
    conditions.record_source
from conditions
left join browse_terms
    on browse_terms.nct_id = conditions.nct_id
    and browse_terms.mesh_term_key = conditions.condition_key
