{#- Drug–disease associations by concept: one row per drug concept × condition concept over
    the bridge's counted rows (fct_trial_drug_conditions: placebo/sham/vehicle,
    healthy-volunteer conditions and withdrawn studies left out). A drug concept is its ChEMBL
    molecule, else its MeSH descriptor, else its normalised name; a condition concept is its
    MeSH descriptor, else its normalised label. A row's descriptor is the study's own match,
    else the best match any study found for the label (dim_conditions / dim_drugs); a
    descriptor known only by its term takes the id another study or the MeSH file gives that
    term. Five stages of one cancer in one trial are one row with trial_count 1; the labels
    folded into a concept are listed. A condition concept is named by its MeSH term (else its
    most frequent label), a drug concept by its most frequent spelling ("Erlotinib", not MeSH's
    "Erlotinib Hydrochloride"). Phase is the highest over interventional trials. -#}
{{ config(pre_hook="{{ hash_joins() }}") }}
with pairs as (
    select * from {{ ref('fct_trial_drug_conditions') }} where is_counted
),

condition_ids_by_term as (
    -- a descriptor's id wherever one study (CT.gov gives ids) or the MeSH file names it
    {{ mesh_ids_by_term(ref('int_trial_conditions'), 'condition_mesh_term', 'condition_mesh_id') }}
),

drug_ids_by_term as (
    {{ mesh_ids_by_term(ref('int_trial_drugs'), 'drug_mesh_term', 'drug_mesh_id') }}
),

mapped as (
    select
        pairs.nct_id,
        pairs.drug_key,
        pairs.drug_name,
        pairs.drug_chembl_id,
        coalesce(pairs.drug_mesh_term, drugs.mesh_term) as drug_mesh_term,
        case
            when pairs.drug_mesh_term is not null then pairs.drug_mesh_id
            else drugs.mesh_id
        end as drug_own_mesh_id,
        pairs.condition_key,
        pairs.condition_name,
        coalesce(pairs.condition_mesh_term, conditions.mesh_term) as condition_mesh_term,
        case
            when pairs.condition_mesh_term is not null then pairs.condition_mesh_id
            else conditions.mesh_id
        end as condition_own_mesh_id,
        pairs.is_interventional,
        pairs.drug_role,
        pairs.phase_rank,
        pairs.start_date
    from pairs
    left join {{ ref('dim_drugs') }} as drugs on drugs.drug_key = pairs.drug_key
    left join {{ ref('dim_conditions') }} as conditions
        on conditions.condition_key = pairs.condition_key
),

concepts as (
    select
        mapped.*,
        coalesce(mapped.drug_own_mesh_id, drug_ids.mesh_id) as drug_mesh_id,
        coalesce(mapped.condition_own_mesh_id, condition_ids.mesh_id) as condition_mesh_id,
        case
            when mapped.drug_chembl_id is not null then mapped.drug_chembl_id
            when coalesce(mapped.drug_own_mesh_id, drug_ids.mesh_id) is not null
                then coalesce(mapped.drug_own_mesh_id, drug_ids.mesh_id)
            when mapped.drug_mesh_term is not null then 'MeSH:' || mapped.drug_mesh_term
            else 'name:' || mapped.drug_key
        end as drug_concept_id,
        case
            when mapped.drug_chembl_id is not null then 'chembl'
            when mapped.drug_mesh_term is not null then 'mesh'
            else 'name'
        end as drug_concept_source,
        case
            when coalesce(mapped.condition_own_mesh_id, condition_ids.mesh_id) is not null
                then coalesce(mapped.condition_own_mesh_id, condition_ids.mesh_id)
            when mapped.condition_mesh_term is not null then 'MeSH:' || mapped.condition_mesh_term
            else 'name:' || mapped.condition_key
        end as condition_concept_id,
        case when mapped.condition_mesh_term is not null then 'mesh' else 'name' end
            as condition_concept_source
    from mapped
    left join drug_ids_by_term as drug_ids on drug_ids.mesh_term = mapped.drug_mesh_term
    left join condition_ids_by_term as condition_ids
        on condition_ids.mesh_term = mapped.condition_mesh_term
),

drug_display as (
    -- the concept's most frequent spelling over its studies, ties in code-point order
    {{ display_names('(select distinct nct_id, drug_concept_id, drug_name from concepts) as d',
        'drug_concept_id', 'drug_name') }}
),

condition_display as (
    {{ display_names(
        '(select distinct nct_id, condition_concept_id, condition_name from concepts) as c',
        'condition_concept_id', 'condition_name') }}
),

countries as (
    select
        concepts.drug_concept_id,
        concepts.condition_concept_id,
        {{ sorted_distinct_string_agg('countries.country_name') }} as countries
    from concepts
    inner join {{ ref('int_registry__countries') }} as countries
        on countries.nct_id = concepts.nct_id and not countries.is_removed
    group by concepts.drug_concept_id, concepts.condition_concept_id
),

associations as (
    select
        drug_concept_id,
        condition_concept_id,
        min({{ bytewise('drug_concept_source') }}) as drug_concept_source,
        min({{ bytewise('condition_concept_source') }}) as condition_concept_source,
        min({{ bytewise('drug_chembl_id') }}) as drug_chembl_id,
        min({{ bytewise('drug_mesh_id') }}) as drug_mesh_id,
        min({{ bytewise('drug_mesh_term') }}) as drug_mesh_term,
        min({{ bytewise('condition_mesh_id') }}) as condition_mesh_id,
        min({{ bytewise('condition_mesh_term') }}) as condition_mesh_term,
        {{ sorted_distinct_string_agg('drug_name', ' | ') }} as drug_spellings,
        {{ sorted_distinct_string_agg('condition_name', ' | ') }} as condition_labels,
        count(distinct {{ bytewise('nct_id') }}) as trial_count,
        count(distinct {{ bytewise('case when is_interventional then nct_id end') }})
            as interventional_trial_count,
        count(distinct {{ bytewise('case when not is_interventional then nct_id end') }})
            as observational_trial_count,
        count(distinct {{ bytewise("case when drug_role = 'experimental' then nct_id end") }})
            as experimental_trial_count,
        count(distinct {{ bytewise("case when drug_role = 'comparator_only' then nct_id end") }})
            as comparator_only_trial_count,
        max(case when is_interventional then phase_rank end) as max_phase_rank,
        min(start_date) as first_start_date,
        max(start_date) as last_start_date,
        {{ sorted_distinct_string_agg('nct_id') }} as nct_ids
    from concepts
    group by drug_concept_id, condition_concept_id
)

select
    {{ surrogate_key(['associations.drug_concept_id', 'associations.condition_concept_id']) }}
        as drug_disease_id,
    cast(associations.drug_concept_id as {{ dbt.type_string() }}) as drug_concept_id,
    cast(associations.drug_concept_source as {{ dbt.type_string() }}) as drug_concept_source,
    cast(drug_display.display_name as {{ dbt.type_string() }}) as drug_name,
    cast(associations.drug_chembl_id as {{ dbt.type_string() }}) as drug_chembl_id,
    cast(associations.drug_mesh_id as {{ dbt.type_string() }}) as drug_mesh_id,
    cast(associations.drug_mesh_term as {{ dbt.type_string() }}) as drug_mesh_term,
    cast(associations.drug_spellings as {{ dbt.type_string() }}) as drug_spellings,
    cast(associations.condition_concept_id as {{ dbt.type_string() }}) as condition_concept_id,
    cast(associations.condition_concept_source as {{ dbt.type_string() }})
        as condition_concept_source,
    cast(
        coalesce(associations.condition_mesh_term, condition_display.display_name)
        as {{ dbt.type_string() }}
    ) as condition_name,
    cast(associations.condition_mesh_id as {{ dbt.type_string() }}) as condition_mesh_id,
    cast(associations.condition_mesh_term as {{ dbt.type_string() }}) as condition_mesh_term,
    cast(associations.condition_labels as {{ dbt.type_string() }}) as condition_labels,
    cast(associations.trial_count as bigint) as trial_count,
    cast(associations.interventional_trial_count as bigint) as interventional_trial_count,
    cast(associations.observational_trial_count as bigint) as observational_trial_count,
    cast(associations.experimental_trial_count as bigint) as experimental_trial_count,
    cast(associations.comparator_only_trial_count as bigint) as comparator_only_trial_count,
    cast(associations.max_phase_rank as numeric(3, 1)) as max_phase_rank,
    cast({{ phase_code('associations.max_phase_rank') }} as {{ dbt.type_string() }}) as max_phase,
    cast(countries.countries as {{ dbt.type_string() }}) as countries,
    associations.first_start_date,
    associations.last_start_date,
    cast(associations.nct_ids as {{ dbt.type_string() }}) as nct_ids
from associations
inner join drug_display on drug_display.name_key = associations.drug_concept_id
inner join condition_display on condition_display.name_key = associations.condition_concept_id
left join countries
    on countries.drug_concept_id = associations.drug_concept_id
    and countries.condition_concept_id = associations.condition_concept_id
