{{ union_winning_source('browse_interventions') }}
