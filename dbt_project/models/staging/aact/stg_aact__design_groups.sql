select
    id as design_group_id,
    nct_id,
    group_type,
    title as design_group_title,
    description
from {{ source('aact', 'design_groups') }}
