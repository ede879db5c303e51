{{ stage_conditions('aact') }}
