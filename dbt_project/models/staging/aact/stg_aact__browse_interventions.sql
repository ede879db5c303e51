{{ stage_browse_interventions('aact') }}
