{#- One row per design group (arm) × drug it gives: the arm's interventions of a drug type by
    normalised name, with int_trial_drugs' display name. `is_results_drug` says whether the
    results_by_drug marts treat it as the drug (rather than as part of a comparator): not a
    placebo or sham, and not given only in placebo or sham comparator arms (a "Vehicle" that is
    the placebo arm's only intervention is the placebo). A study that declares no arms has its
    sole intervention stand for the arm (int_result_group_arms' `sole_intervention` links):
    `treatment_key` is the design_group_id, or minus that intervention's id. -#}
{#- a table: both results_by_drug marts read it several times, and through a view (a distinct
    over a three-way join) PostgreSQL estimated a few hundred rows for half a million -#}
{{ config(materialized='table') }}
with treatments as (
    select design_group_id, design_group_id as treatment_key, intervention_id
    from {{ ref('int_registry__design_group_interventions') }}
    union all
    select distinct
        cast(null as bigint) as design_group_id,
        -intervention_id as treatment_key,
        intervention_id
    from {{ ref('int_result_group_arms') }}
    where intervention_id is not null
)

select distinct
    {{ surrogate_key(['links.treatment_key', 'drugs.drug_key']) }} as arm_drug_id,
    links.design_group_id,
    links.treatment_key,
    drugs.nct_id,
    drugs.drug_key,
    drugs.drug_name,
    drugs.is_placebo,
    not drugs.is_placebo
    and coalesce(
        drugs.arm_roles not in (
            'PLACEBO_COMPARATOR', 'SHAM_COMPARATOR', 'PLACEBO_COMPARATOR, SHAM_COMPARATOR'
        ),
        true
    ) as is_results_drug
from treatments as links
inner join {{ ref('int_registry__interventions') }} as interventions
    on interventions.intervention_id = links.intervention_id
inner join {{ ref('int_trial_drugs') }} as drugs
    on drugs.nct_id = interventions.nct_id and drugs.drug_key = interventions.drug_key
where interventions.intervention_type_code in ({{ drug_intervention_types() }})
