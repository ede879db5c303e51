select
    id as design_group_intervention_id,
    nct_id,
    design_group_id,
    intervention_id
from {{ source('aact', 'design_group_interventions') }}
