{#- A table, not a view like the other registry models: its `drug_key` is a chain of regular
    expressions (normalize_drug_name) that four models read, some many times per row
    (`is_placebo_key`); PostgreSQL re-evaluates a view's expression at every mention (80,000
    interventions: 14 s inside int_result_group_arms alone). Computed once here. -#}
{{ config(materialized='table') }}
{{ union_winning_source('interventions') }}
