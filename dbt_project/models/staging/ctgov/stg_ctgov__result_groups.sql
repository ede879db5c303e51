{{ stage_result_groups('ctgov') }}
