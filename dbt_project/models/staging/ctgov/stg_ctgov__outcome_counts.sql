{{ stage_outcome_counts('ctgov') }}
