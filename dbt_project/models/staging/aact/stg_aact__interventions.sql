select
    id as intervention_id,
    nct_id,
    intervention_type,
    name as intervention_name,
    lower(trim(name)) as intervention_name_lower,
    description
from {{ source('aact', 'interventions') }}
