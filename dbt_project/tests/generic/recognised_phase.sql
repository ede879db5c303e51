{#- Rows whose phase is neither a phase `phase_rank` knows (AACT's labels or API v2's codes)
    nor "not applicable": a new spelling the marts would count as having no phase. -#}
{% test recognised_phase(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
    and trim({{ column_name }}) <> ''
    and {{ phase_rank(column_name) }} is null
    and upper(replace(replace(trim({{ column_name }}), ' ', ''), '/', '')) not in ('NA', 'NOTAPPLICABLE')
{% endtest %}
