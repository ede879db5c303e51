select
    id as condition_id,
    nct_id,
    name as condition_name,
    coalesce(downcase_name, lower(name)) as condition_name_lower
from {{ source('aact', 'conditions') }}
