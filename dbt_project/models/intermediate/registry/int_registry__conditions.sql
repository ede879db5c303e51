{#- A table on PostgreSQL: `condition_key` is a regular expression over every condition label (a
    million at full scale), which PostgreSQL runs again at each mention in each model that reads
    it through a view (int_trial_conditions twice, dim_conditions three times: 9 s for one pass
    over the labels while other work ran); DuckDB's runs fast enough to stay a view. -#}
{{ config(materialized='table' if target.type == 'postgres' else 'view') }}
{{ union_winning_source('conditions') }}
