{#- One row per study × drug/biological intervention × condition, with the study's phase. -#}
with drugs as (
    select
        nct_id,
        intervention_name_lower as drug_key,
        min(intervention_name) as drug_name
    from {{ ref('int_registry__interventions') }}
    where upper(intervention_type) in ('DRUG', 'BIOLOGICAL')
      and intervention_name_lower <> ''
    group by nct_id, intervention_name_lower
),

conditions as (
    select
        nct_id,
        trim(condition_name_lower) as condition_key,
        min(condition_name) as condition_name
    from {{ ref('int_registry__conditions') }}
    where trim(condition_name_lower) <> ''
    group by nct_id, trim(condition_name_lower)
)

select
    {{ surrogate_key(['drugs.nct_id', 'drugs.drug_key', 'conditions.condition_key']) }}
        as study_drug_condition_id,
    drugs.nct_id,
    drugs.drug_key,
    drugs.drug_name,
    conditions.condition_key,
    conditions.condition_name,
    studies.phase_rank,
    studies.start_date
from drugs
inner join conditions on conditions.nct_id = drugs.nct_id
inner join {{ ref('int_registry__studies') }} as studies on studies.nct_id = drugs.nct_id
