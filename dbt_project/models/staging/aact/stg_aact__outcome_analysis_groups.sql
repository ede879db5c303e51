select
    id as outcome_analysis_group_id,
    nct_id,
    outcome_analysis_id,
    result_group_id,
    ctgov_group_code
from {{ source('aact', 'outcome_analysis_groups') }}
