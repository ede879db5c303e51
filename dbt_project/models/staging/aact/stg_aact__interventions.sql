{{ stage_interventions('aact') }}
