{{ stage_browse_conditions('aact') }}
