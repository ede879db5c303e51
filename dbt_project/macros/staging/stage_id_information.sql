{#- Staging of AACT-shaped `id_information`, the same for every source (aact, ctgov): the
    sponsor's own study id (`org_study_id`), secondary ids and NCT aliases. -#}
{% macro stage_id_information(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as id_information_id,
    nct_id,
    lower(trim(id_source)) as id_source,
    id_value,
    id_type,
    id_type_description,
    id_link
from {{ source(source_name, 'id_information') }}
{%- endmacro %}
