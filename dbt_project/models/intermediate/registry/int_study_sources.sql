{#- Which source each study comes from: the one whose last_update_posted_date is newer wins the
    whole study. On a tie the API (fetched later) wins; a record without the date (a partial,
    fields-filtered one) never beats one that has it. -#}
{#- A table on PostgreSQL: every registry model filters on its record_source, a CASE that the
    planner, reading it through a view, guesses keeps 0.5 % of the studies (200 of 40,000);
    from a table's statistics it knows the real share. -#}
{#- Only a build of both sources (CTW_SOURCES) has a winner to choose. -#}
{{ config(
    materialized='table' if target.type == 'postgres' else 'view',
    enabled=('aact' in env_var('CTW_SOURCES') and 'ctgov' in env_var('CTW_SOURCES')),
) }}
with aact as (
    select nct_id, last_update_posted_date from {{ ref('stg_aact__studies') }}
),

ctgov as (
    select nct_id, last_update_posted_date from {{ ref('stg_ctgov__studies') }}
)

select
    coalesce(ctgov.nct_id, aact.nct_id) as nct_id,
    case
        when ctgov.nct_id is null then 'aact'
        when aact.nct_id is null then 'ctgov'
        when ctgov.last_update_posted_date is null and aact.last_update_posted_date is not null
            then 'aact'
        when aact.last_update_posted_date > ctgov.last_update_posted_date then 'aact'
        else 'ctgov'
    end as record_source,
    aact.last_update_posted_date as aact_last_update_posted_date,
    ctgov.last_update_posted_date as ctgov_last_update_posted_date
from aact
full outer join ctgov on ctgov.nct_id = aact.nct_id
