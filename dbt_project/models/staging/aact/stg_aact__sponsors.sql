select
    id as sponsor_id,
    nct_id,
    agency_class,
    lead_or_collaborator,
    name as sponsor_name
from {{ source('aact', 'sponsors') }}
