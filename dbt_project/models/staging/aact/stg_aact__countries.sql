{{ stage_countries('aact') }}
