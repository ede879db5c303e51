{{ stage_sponsors('ctgov') }}
