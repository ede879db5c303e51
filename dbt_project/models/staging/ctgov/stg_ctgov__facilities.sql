{{ stage_facilities('ctgov') }}
