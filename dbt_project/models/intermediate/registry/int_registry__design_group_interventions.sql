{{ union_winning_source('design_group_interventions') }}
