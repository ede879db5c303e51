{{ stage_outcome_measurements('ctgov') }}
