{{ stage_studies('aact') }}
