{{ stage_design_outcomes('ctgov') }}
