{{ stage_id_information('aact') }}
