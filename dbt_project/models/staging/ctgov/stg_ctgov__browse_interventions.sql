{{ stage_browse_terms('ctgov', 'browse_interventions', 'browse_intervention_id') }}
