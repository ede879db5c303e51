{{ union_winning_source('outcomes') }}
