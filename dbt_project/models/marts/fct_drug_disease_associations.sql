{#- Drug–disease associations from the bridge's counted rows (fct_trial_drug_conditions:
    placebo/sham, healthy-volunteer conditions and withdrawn studies left out), by normalised
    drug and condition names. Phase is the highest over interventional trials only; the
    condition's MeSH descriptor is dim_conditions' (one per condition). -#}
with pairs as (
    select * from {{ ref('fct_trial_drug_conditions') }} where is_counted
),

countries as (
    select
        pairs.drug_key,
        pairs.condition_key,
        {{ sorted_distinct_string_agg('countries.country_name') }} as countries
    from pairs
    inner join {{ ref('int_registry__countries') }} as countries
        on countries.nct_id = pairs.nct_id and not countries.is_removed
    group by pairs.drug_key, pairs.condition_key
),

associations as (
    select
        drug_key,
        condition_key,
        min(drug_name) as drug_name,
        min(condition_name) as condition_name,
        min(drug_mesh_id) as drug_mesh_id,
        count(distinct nct_id) as trial_count,
        count(distinct case when is_interventional then nct_id end) as interventional_trial_count,
        count(distinct case when not is_interventional then nct_id end)
            as observational_trial_count,
        count(distinct case when drug_role = 'experimental' then nct_id end)
            as experimental_trial_count,
        count(distinct case when drug_role = 'comparator_only' then nct_id end)
            as comparator_only_trial_count,
        max(case when is_interventional then phase_rank end) as max_phase_rank,
        min(start_date) as first_start_date,
        max(start_date) as last_start_date,
        {{ sorted_distinct_string_agg('nct_id') }} as nct_ids
    from pairs
    group by drug_key, condition_key
)

select
    {{ surrogate_key(['associations.drug_key', 'associations.condition_key']) }}
        as drug_disease_id,
    cast(associations.drug_key as {{ dbt.type_string() }}) as drug_key,
    cast(associations.condition_key as {{ dbt.type_string() }}) as condition_key,
    cast(associations.drug_name as {{ dbt.type_string() }}) as drug_name,
    cast(associations.condition_name as {{ dbt.type_string() }}) as condition_name,
    cast(associations.drug_mesh_id as {{ dbt.type_string() }}) as drug_mesh_id,
    cast(conditions.mesh_id as {{ dbt.type_string() }}) as condition_mesh_id,
    cast(conditions.mesh_term as {{ dbt.type_string() }}) as condition_mesh_term,
    cast(associations.trial_count as bigint) as trial_count,
    cast(associations.interventional_trial_count as bigint) as interventional_trial_count,
    cast(associations.observational_trial_count as bigint) as observational_trial_count,
    cast(associations.experimental_trial_count as bigint) as experimental_trial_count,
    cast(associations.comparator_only_trial_count as bigint) as comparator_only_trial_count,
    cast(associations.max_phase_rank as numeric(3, 1)) as max_phase_rank,
    cast({{ phase_label('associations.max_phase_rank') }} as {{ dbt.type_string() }}) as max_phase,
    cast(countries.countries as {{ dbt.type_string() }}) as countries,
    associations.first_start_date,
    associations.last_start_date,
    cast(associations.nct_ids as {{ dbt.type_string() }}) as nct_ids
from associations
left join {{ ref('dim_conditions') }} as conditions
    on conditions.condition_key = associations.condition_key
left join countries
    on countries.drug_key = associations.drug_key
    and countries.condition_key = associations.condition_key
