{#- One row per design group (arm) × drug it gives: the arm's interventions of a drug type by
    normalised name, with int_trial_drugs' display name. `is_results_drug` says whether the
    results_by_drug marts treat it as the drug (rather than as part of a comparator): not a
    placebo or sham, and not given only in placebo or sham comparator arms (a "Vehicle" that is
    the placebo arm's only intervention is the placebo). -#}
{#- a table: both results_by_drug marts read it several times, and through a view (a distinct
    over a three-way join) PostgreSQL estimated a few hundred rows for half a million -#}
{{ config(materialized='table') }}
select distinct
    {{ surrogate_key(['links.design_group_id', 'drugs.drug_key']) }} as arm_drug_id,
    links.design_group_id,
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
from {{ ref('int_registry__design_group_interventions') }} as links
inner join {{ ref('int_registry__interventions') }} as interventions
    on interventions.intervention_id = links.intervention_id
inner join {{ ref('int_trial_drugs') }} as drugs
    on drugs.nct_id = interventions.nct_id and drugs.drug_key = interventions.drug_key
where interventions.intervention_type_code in ({{ drug_intervention_types() }})
