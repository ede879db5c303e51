{{ stage_reported_events('ctgov') }}
