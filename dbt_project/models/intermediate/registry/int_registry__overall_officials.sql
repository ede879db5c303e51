{{ union_winning_source('overall_officials') }}
