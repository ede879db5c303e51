{{ union_winning_source('outcome_analysis_groups') }}
