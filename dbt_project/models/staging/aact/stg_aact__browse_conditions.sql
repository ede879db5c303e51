{{ stage_browse_terms('aact', 'browse_conditions', 'browse_condition_id') }}
