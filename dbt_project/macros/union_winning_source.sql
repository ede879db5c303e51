{#- The rows of one AACT-shaped staging model from whichever source won each study
    (int_study_sources): never a mix of sources within a study. Adds `record_source`. -#}
{% macro union_winning_source(entity) -%}
{%- for source_name in ['aact', 'ctgov'] %}
select
    rows.*,
    '{{ source_name }}' as record_source
from {{ ref('stg_' ~ source_name ~ '__' ~ entity) }} as rows
inner join {{ ref('int_study_sources') }} as winners
    on winners.nct_id = rows.nct_id and winners.record_source = '{{ source_name }}'
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endmacro %}
