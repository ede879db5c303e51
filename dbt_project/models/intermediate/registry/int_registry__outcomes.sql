{#- A table on PostgreSQL: four marts join the outcomes, and through a view PostgreSQL codes the
    outcome, parameter and dispersion types at every row of the join's output (ten million
    measurements), and plans without statistics on `outcome_id` (at 560,000 studies it sorted
    the measurements to disk for a merge join); DuckDB codes them in the scan: a view. -#}
{{ config(materialized='table' if target.type == 'postgres' else 'view') }}
{{ union_winning_source('outcomes') }}
