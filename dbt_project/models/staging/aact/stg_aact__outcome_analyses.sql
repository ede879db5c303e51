{{ stage_outcome_analyses('aact') }}
