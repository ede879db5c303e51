{{ stage_outcomes('aact') }}
