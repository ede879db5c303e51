select
    id as result_group_id,
    nct_id,
    ctgov_group_code,
    result_type,
    title as result_group_title,
    description
from {{ source('aact', 'result_groups') }}
