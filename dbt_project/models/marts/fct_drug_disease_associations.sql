{#- Drug–disease associations: drug/biological interventions × conditions across trials. -#}
select
    {{ surrogate_key(['drug_key', 'condition_key']) }} as drug_disease_id,
    cast(min(drug_name) as {{ dbt.type_string() }}) as drug_name,
    cast(min(condition_name) as {{ dbt.type_string() }}) as condition_name,
    cast(count(distinct nct_id) as bigint) as trial_count,
    cast(max(phase_rank) as numeric(3, 1)) as max_phase_rank,
    cast({{ phase_label('max(phase_rank)') }} as {{ dbt.type_string() }}) as max_phase,
    cast({{ sorted_distinct_string_agg('nct_id') }} as {{ dbt.type_string() }}) as nct_ids,
    min(start_date) as first_start_date
from {{ ref('int_study_drug_conditions') }}
group by drug_key, condition_key
