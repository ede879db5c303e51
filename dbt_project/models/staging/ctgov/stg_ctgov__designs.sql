{{ stage_designs('ctgov') }}
