{{ union_winning_source('designs') }}
