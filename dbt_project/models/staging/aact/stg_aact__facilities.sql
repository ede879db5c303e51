{{ stage_facilities('aact') }}
