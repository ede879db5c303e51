{{ union_winning_source('outcome_measurements') }}
