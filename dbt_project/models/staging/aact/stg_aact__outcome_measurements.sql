{{ stage_outcome_measurements('aact') }}
