{{ stage_design_groups('aact') }}
