{{ stage_outcome_analysis_groups('ctgov') }}
