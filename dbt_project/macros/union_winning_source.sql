{#- The rows of one AACT-shaped staging model from whichever source won each study
    (int_study_sources): never a mix of sources within a study. Adds `record_source`.
    A build of one source (CTW_SOURCES) passes that source's rows through: it wins every study,
    and the join would cost a pass over the studies each time a view is read (a row whose study
    is missing fails the staging relationships tests either way). -#}
{% macro union_winning_source(entity) -%}
{%- set chosen = [] -%}
{%- for source_name in ['aact', 'ctgov'] if source_name in env_var('CTW_SOURCES', 'aact,ctgov') -%}
    {%- do chosen.append(source_name) -%}
{%- endfor -%}
{%- if chosen | length == 1 %}
select
    rows.*,
    '{{ chosen[0] }}' as record_source
from {{ ref('stg_' ~ chosen[0] ~ '__' ~ entity) }} as rows
{%- else %}
{%- for source_name in ['aact', 'ctgov'] %}
select
    rows.*,
    '{{ source_name }}' as record_source
from {{ ref('stg_' ~ source_name ~ '__' ~ entity) }} as rows
inner join {{ ref('int_study_sources') }} as winners
    on winners.nct_id = rows.nct_id and winners.record_source = '{{ source_name }}'
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endif %}
{%- endmacro %}
