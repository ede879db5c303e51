{{ stage_conditions('ctgov') }}
