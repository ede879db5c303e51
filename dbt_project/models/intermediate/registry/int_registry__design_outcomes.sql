{{ union_winning_source('design_outcomes') }}
