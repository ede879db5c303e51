{{ stage_id_information('ctgov') }}
