{{ union_winning_source('countries') }}
