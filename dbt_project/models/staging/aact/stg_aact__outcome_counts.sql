{{ stage_outcome_counts('aact') }}
