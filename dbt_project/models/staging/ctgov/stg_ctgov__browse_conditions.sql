{{ stage_browse_terms('ctgov', 'browse_conditions', 'browse_condition_id') }}
