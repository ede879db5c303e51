{{ stage_design_group_interventions('aact') }}
