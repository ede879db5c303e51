{{ union_winning_source('intervention_other_names') }}
