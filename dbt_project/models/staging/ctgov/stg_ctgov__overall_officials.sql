{{ stage_overall_officials('ctgov') }}
