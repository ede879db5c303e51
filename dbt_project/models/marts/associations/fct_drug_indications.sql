{#- Drug–indication evidence from every origin, clinical_mining's shape: one row per drug ×
    disease (by ChEMBL id and MeSH/EFO id where mapped, else by normalised name), with the
    origins and sources behind it, the furthest clinical stage (clinical_mining's categories and
    ranks), the mapping status and the report ids (NCT ids, ChEMBL references, PMDA entries).
    - clinical trials: fct_trial_drug_conditions' counted rows, the condition as dim_conditions'
      MeSH descriptor where it has one (so "Stage IIIA Lung Cancer AJCC v8" is Lung Neoplasms),
      else by its name; stage from the trial's phase (interventional trials only; others
      UNKNOWN);
    - curated resource: ChEMBL drug_indication records (CTW_CHEMBL_FILES);
    - regulatory agency: PMDA approvals (CTW_PMDA_FILE), stage APPROVAL.
    disease_efo_id is the disease's EFO term in Open Targets' form (EFO_0003060): dim_conditions'
    for trials, ChEMBL's own efo_id else its MeSH id's (int_vocab__mesh_xrefs), so rows meet
    Open Targets' disease ids. -#}
with trials as (
    select
        drugs.drug_chembl_id as drug_id,
        bridge.drug_key,
        bridge.drug_name,
        conditions.mesh_id as disease_id,
        conditions.efo_id as disease_efo_id,
        bridge.condition_key as disease_key,
        case
            when conditions.mesh_id is not null then conditions.mesh_term
            else bridge.condition_name
        end as disease_name,
        'CLINICAL_TRIAL' as origin,
        'ClinicalTrials.gov' as source,
        case
            when bridge.is_interventional then {{ clinical_stage_of_phase_rank('bridge.phase_rank') }}
            else 'UNKNOWN'
        end as clinical_stage,
        bridge.nct_id as report_id
    from {{ ref('fct_trial_drug_conditions') }} as bridge
    inner join {{ ref('int_trial_drugs') }} as drugs
        on drugs.nct_id = bridge.nct_id and drugs.drug_key = bridge.drug_key
    inner join {{ ref('dim_conditions') }} as conditions
        on conditions.condition_key = bridge.condition_key
    where bridge.is_counted
),

molecules as (
    select molecule_chembl_id, min({{ bytewise('pref_name') }}) as pref_name
    from {{ ref('stg_vocab__chembl_molecules') }}
    group by molecule_chembl_id
),

chembl as (
    select
        coalesce(indications.parent_molecule_chembl_id, indications.molecule_chembl_id)
            as drug_id,
        {{ normalize_drug_name('coalesce(molecules.pref_name, indications.molecule_chembl_id)') }}
            as drug_key,
        coalesce(molecules.pref_name, indications.molecule_chembl_id) as drug_name,
        coalesce(indications.mesh_id, indications.efo_id) as disease_id,
        coalesce(replace(indications.efo_id, ':', '_'), xrefs.efo_id) as disease_efo_id,
        {{ normalize_label('coalesce(indications.mesh_heading, indications.efo_term)') }}
            as disease_key,
        coalesce(indications.mesh_heading, indications.efo_term) as disease_name,
        'CURATED_RESOURCE' as origin,
        'ChEMBL' as source,
        {{ clinical_stage_of_chembl_phase('indications.max_phase_for_ind') }} as clinical_stage,
        coalesce(
            indications.indication_refs,
            'ChEMBL drug_indication ' || cast(indications.drugind_id as {{ dbt.type_string() }})
        ) as report_id
    from {{ ref('stg_vocab__chembl_drug_indications') }} as indications
    left join molecules
        on molecules.molecule_chembl_id
        = coalesce(indications.parent_molecule_chembl_id, indications.molecule_chembl_id)
    left join {{ ref('int_vocab__mesh_xrefs') }} as xrefs on xrefs.mesh_id = indications.mesh_id
    -- an indication ChEMBL knows only from ClinicalTrials.gov records is the registry's own
    -- evidence again: left out, as clinical_mining does, so a trial is not counted twice
    where indications.indication_refs is null
        or not {{ regex_contains('indications.indication_refs',
            '^ClinicalTrials:[^;]*(; ClinicalTrials:[^;]*)*$') }}
),

pmda as (
    select
        chembl_ids.molecule_chembl_id as drug_id,
        {{ normalize_drug_name('approvals.generic_name') }} as drug_key,
        approvals.generic_name as drug_name,
        cast(null as {{ dbt.type_string() }}) as disease_id,
        cast(null as {{ dbt.type_string() }}) as disease_efo_id,
        {{ normalize_label('approvals.indication') }} as disease_key,
        approvals.indication as disease_name,
        'REGULATORY_AGENCY' as origin,
        'PMDA' as source,
        'APPROVAL' as clinical_stage,
        'PMDA ' || approvals.sheet || ' row '
        || cast(approvals.row_number as {{ dbt.type_string() }}) as report_id
    from {{ ref('stg_vocab__pmda_approvals') }} as approvals
    left join {{ ref('int_vocab__drug_chembl_ids') }} as chembl_ids
        on chembl_ids.drug_key = {{ normalize_drug_name('approvals.generic_name') }}
    where approvals.generic_name is not null and approvals.indication is not null
),

evidence as (
    select * from trials
    union all
    select * from chembl
    union all
    select * from pmda
),

keyed as (
    select
        *,
        coalesce(drug_id, drug_key) as drug_identity,
        coalesce(disease_id, disease_key) as disease_identity
    from evidence
),

indications as (
    select
        drug_identity,
        disease_identity,
        min({{ bytewise('drug_id') }}) as drug_id,
        min({{ bytewise('drug_name') }}) as drug_name,
        min({{ bytewise('disease_id') }}) as disease_id,
        min({{ bytewise('disease_efo_id') }}) as disease_efo_id,
        min({{ bytewise('disease_name') }}) as disease_name,
        {{ sorted_distinct_string_agg('origin') }} as origins,
        {{ sorted_distinct_string_agg('source') }} as sources,
        min({{ clinical_stage_rank('clinical_stage') }}) as max_clinical_stage_rank,
        count(distinct {{ bytewise('report_id') }}) as report_count,
        {{ sorted_distinct_string_agg('report_id', ' | ') }} as report_ids
    from keyed
    group by drug_identity, disease_identity
)

select
    cast({{ surrogate_key(['drug_identity', 'disease_identity']) }} as {{ dbt.type_string() }})
        as drug_indication_id,
    cast(drug_id as {{ dbt.type_string() }}) as drug_id,
    cast(drug_name as {{ dbt.type_string() }}) as drug_name,
    cast(disease_id as {{ dbt.type_string() }}) as disease_id,
    cast(disease_efo_id as {{ dbt.type_string() }}) as disease_efo_id,
    cast(disease_name as {{ dbt.type_string() }}) as disease_name,
    cast(origins as {{ dbt.type_string() }}) as origins,
    cast(sources as {{ dbt.type_string() }}) as sources,
    cast({{ clinical_stage_of_rank('max_clinical_stage_rank') }} as {{ dbt.type_string() }})
        as max_clinical_stage,
    cast(max_clinical_stage_rank as integer) as max_clinical_stage_rank,
    cast(
        case
            when drug_id is not null and disease_id is not null then 'FULLY_MAPPED'
            when drug_id is not null then 'DRUG_MAPPED'
            when disease_id is not null then 'DISEASE_MAPPED'
            else 'UNMAPPED'
        end as {{ dbt.type_string() }}
    ) as mapping_status,
    cast(report_count as bigint) as report_count,
    cast(report_ids as {{ dbt.type_string() }}) as report_ids
from indications
