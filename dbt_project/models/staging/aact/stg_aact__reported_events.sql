{{ stage_reported_events('aact') }}
