{{ union_winning_source('reported_events') }}
