{{ stage_browse_conditions('ctgov') }}
