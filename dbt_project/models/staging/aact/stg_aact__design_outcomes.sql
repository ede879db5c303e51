{{ stage_design_outcomes('aact') }}
