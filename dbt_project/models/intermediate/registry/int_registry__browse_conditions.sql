{{ union_winning_source('browse_conditions') }}
