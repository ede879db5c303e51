select
    id as browse_intervention_id,
    nct_id,
    mesh_term,
    coalesce(downcase_mesh_term, lower(mesh_term)) as mesh_term_lower,
    mesh_type
from {{ source('aact', 'browse_interventions') }}
