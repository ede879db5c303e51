{{ union_winning_source('sponsors') }}
