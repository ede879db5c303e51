{{ stage_design_groups('ctgov') }}
