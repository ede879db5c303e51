{#- One row per study × country: where the study recruits now, and countries the registry lists
    as removed (sites that were dropped), kept apart. -#}
select
    cast({{ surrogate_key(['nct_id', 'country_name']) }} as {{ dbt.type_string() }})
        as trial_country_id,
    cast(nct_id as {{ dbt.type_string() }}) as nct_id,
    cast(country_name as {{ dbt.type_string() }}) as country_name,
    bool_and(is_removed) as is_removed,
    cast(case when bool_and(is_removed) then 'removed' else 'current' end as {{ dbt.type_string() }})
        as country_status
from {{ ref('int_registry__countries') }}
where country_name is not null
group by nct_id, country_name
