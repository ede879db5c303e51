{{ union_winning_source('studies') }}
