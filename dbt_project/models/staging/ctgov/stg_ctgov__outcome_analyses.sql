{{ stage_outcome_analyses('ctgov') }}
