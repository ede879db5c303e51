{{ stage_outcomes('ctgov') }}
