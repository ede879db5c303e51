{{ union_winning_source('interventions') }}
