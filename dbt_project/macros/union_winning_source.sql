{#- The rows of one AACT-shaped staging model from whichever registry won each study
    (int_study_sources): never a mix of sources within a study. Adds `record_source`.
    A build of one registry (CTW_SOURCES) passes its rows through: it wins every study, and the
    join would cost a pass over the studies each time a view is read (a row whose study is
    missing fails the staging relationships tests either way). -#}
{% macro union_winning_source(entity) -%}
{%- set sources = registry_sources() -%}
{%- for source_name in sources %}
select
    rows.*,
    '{{ source_name }}' as record_source
from {{ ref('stg_' ~ source_name ~ '__' ~ entity) }} as rows
{%- if sources | length > 1 %}
inner join {{ ref('int_study_sources') }} as winners
    on winners.nct_id = rows.nct_id and winners.record_source = '{{ source_name }}'
{%- endif %}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endmacro %}
