{#- Which registry each study comes from: the one whose last_update_posted_date is newest wins
    the whole study. On a tie the later registry in load order wins (the API, fetched later,
    over AACT); a record without the date (a partial, fields-filtered one) never beats one that
    has it. -#}
{#- A table on PostgreSQL: every registry model filters on its record_source, which the planner,
    reading it through a view, guesses keeps 0.5 % of the studies (200 of 40,000); from a
    table's statistics it knows the real share. -#}
{#- Only a build of several registries (CTW_SOURCES) has a winner to choose. -#}
{{ config(
    materialized='table' if target.type == 'postgres' else 'view',
    enabled=(registry_sources() | length > 1),
) }}
{%- set sources = registry_sources() %}
with records as (
{%- for source_name in sources %}
    select nct_id, '{{ source_name }}' as record_source, last_update_posted_date
    from {{ ref('stg_' ~ source_name ~ '__studies') }}
    {% if not loop.last %}union all{% endif %}
{%- endfor %}
),

dates as (
    select
        nct_id,
        max(last_update_posted_date) as newest_update,
{%- for source_name in sources %}
        max(case when record_source = '{{ source_name }}' then 1 else 0 end) as in_{{ source_name }},
        max(case when record_source = '{{ source_name }}' then last_update_posted_date end)
            as {{ source_name }}_last_update_posted_date{{ ',' if not loop.last }}
{%- endfor %}
    from records
    group by nct_id
)

select
    nct_id,
    case
{%- for source_name in sources | reverse %}
        when in_{{ source_name }} = 1
            and ({{ source_name }}_last_update_posted_date = newest_update or newest_update is null)
            then '{{ source_name }}'
{%- endfor %}
    end as record_source,
{%- for source_name in sources %}
    {{ source_name }}_last_update_posted_date{{ ',' if not loop.last }}
{%- endfor %}
from dates
