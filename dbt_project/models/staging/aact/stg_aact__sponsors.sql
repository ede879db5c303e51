{{ stage_sponsors('aact') }}
