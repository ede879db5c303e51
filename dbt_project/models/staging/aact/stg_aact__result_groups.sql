{{ stage_result_groups('aact') }}
