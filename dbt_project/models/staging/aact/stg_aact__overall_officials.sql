{{ stage_overall_officials('aact') }}
