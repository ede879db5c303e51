{{ stage_responsible_parties('ctgov') }}
