{{ stage_interventions('ctgov') }}
