{{ union_winning_source('outcome_analyses') }}
