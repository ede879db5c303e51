{{ union_winning_source('conditions') }}
