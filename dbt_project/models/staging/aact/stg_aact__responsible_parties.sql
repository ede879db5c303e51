{{ stage_responsible_parties('aact') }}
