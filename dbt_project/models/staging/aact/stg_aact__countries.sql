select
    id as country_id,
    nct_id,
    name as country_name,
    coalesce(removed, false) as is_removed
from {{ source('aact', 'countries') }}
