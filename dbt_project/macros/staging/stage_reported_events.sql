{#- Staging of AACT-shaped `reported_events`, the same for every source (aact, ctgov). -#}
{% macro stage_reported_events(source_name) -%}
{{ enabled_when_loaded(source_name) -}}
select
    id as reported_event_id,
    nct_id,
    result_group_id,
    ctgov_group_code,
    time_frame,
    event_type,
    default_vocab,
    default_assessment,
    subjects_affected,
    subjects_at_risk,
    description,
    event_count,
    organ_system,
    adverse_event_term,
    frequency_threshold,
    vocab,
    assessment
from {{ source(source_name, 'reported_events') }}
{%- endmacro %}
