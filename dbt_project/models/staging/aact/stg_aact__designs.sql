{{ stage_designs('aact') }}
