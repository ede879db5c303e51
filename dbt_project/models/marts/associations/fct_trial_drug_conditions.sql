{#- The lineage behind every drug–disease aggregate: one row per study × drug × condition, with
    the drug's arm role, the study's type, status and phase, and `is_counted`: whether the row
    counts in fct_drug_disease_associations (not placebo or sham, not a healthy-volunteer
    condition, not a withdrawn study). -#}
select
    {{ surrogate_key(['drugs.nct_id', 'drugs.drug_key', 'conditions.condition_key']) }}
        as trial_drug_condition_id,
    drugs.nct_id,
    drugs.drug_key,
    drugs.drug_name,
    conditions.condition_key,
    conditions.condition_name,
    drugs.intervention_types,
    drugs.arm_roles,
    drugs.drug_role,
    drugs.is_placebo,
    conditions.is_healthy_volunteer as is_healthy_volunteer_condition,
    studies.study_type_code as study_type,
    studies.study_type_code = 'INTERVENTIONAL' as is_interventional,
    studies.overall_status_code as overall_status,
    studies.overall_status_code = 'WITHDRAWN' as is_withdrawn,
    cast(studies.phase_rank as numeric(3, 1)) as phase_rank,
    studies.start_date,
    drugs.drug_mesh_id,
    drugs.drug_mesh_term,
    drugs.drug_chembl_id,
    conditions.condition_mesh_id,
    conditions.condition_mesh_term,
    conditions.condition_mesh_match,
    (
        not drugs.is_placebo
        and not conditions.is_healthy_volunteer
        and coalesce(studies.overall_status_code, '') <> 'WITHDRAWN'
    ) as is_counted,
    studies.record_source
from {{ ref('int_trial_drugs') }} as drugs
inner join {{ ref('int_trial_conditions') }} as conditions on conditions.nct_id = drugs.nct_id
inner join {{ ref('int_registry__studies') }} as studies on studies.nct_id = drugs.nct_id
