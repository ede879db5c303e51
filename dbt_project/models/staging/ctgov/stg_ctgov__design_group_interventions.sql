{{ stage_design_group_interventions('ctgov') }}
