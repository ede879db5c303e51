{{ union_winning_source('result_groups') }}
