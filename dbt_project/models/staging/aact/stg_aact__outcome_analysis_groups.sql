{{ stage_outcome_analysis_groups('aact') }}
