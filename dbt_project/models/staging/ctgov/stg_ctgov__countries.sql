{{ stage_countries('ctgov') }}
