{{ union_winning_source('responsible_parties') }}
