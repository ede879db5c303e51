{{ stage_browse_interventions('ctgov') }}
