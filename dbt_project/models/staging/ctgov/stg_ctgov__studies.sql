{{ stage_studies('ctgov') }}
