{{ stage_intervention_other_names('aact') }}
