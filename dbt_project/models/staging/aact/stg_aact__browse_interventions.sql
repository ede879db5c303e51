{{ stage_browse_terms('aact', 'browse_interventions', 'browse_intervention_id') }}
