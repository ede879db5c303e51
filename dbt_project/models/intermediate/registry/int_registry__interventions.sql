{#- A table, not a view like the other registry models, with each name's `drug_key`
    (normalize_drug_name): a chain of regular expressions, computed once per distinct name (a
    registry repeats "Placebo", "Cisplatin", … hundreds of thousands of times), that four models
    read, some at several places per row (`is_placebo_key`; PostgreSQL re-evaluates a view's
    expression at every mention: 14 s inside int_result_group_arms alone at 80,000
    interventions). -#}
{{ config(materialized='table') }}
with interventions as (
    {{ union_winning_source('interventions') }}
),

{#- materialized: else PostgreSQL pulls the expression up into the join's output and runs the
    regular expressions once per intervention again, not once per name (19 s against 4 s at
    900,000 interventions, 92,000 names) -#}
drug_keys as materialized (
    select intervention_name, {{ normalize_drug_name('intervention_name') }} as drug_key
    from (select distinct intervention_name from interventions) as names
)

select interventions.*, drug_keys.drug_key
from interventions
left join drug_keys on drug_keys.intervention_name = interventions.intervention_name
