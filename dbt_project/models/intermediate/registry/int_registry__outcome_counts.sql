{{ union_winning_source('outcome_counts') }}
