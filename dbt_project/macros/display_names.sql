{#- One display name per key: the spelling used most often across every study (`relation`'s
    rows), ties broken in code-point order (`bytewise`: on both targets), so that one drug or
    condition reads the same in every mart (`Erlotinib`, never `Erlotinib` on one row and
    `erlotinib` on another). A select of (key, display_name) to join on the key. -#}
{% macro display_names(relation, key, name) %}
select {{ key }} as name_key, {{ name }} as display_name
from (
    select
        {{ key }},
        {{ name }},
        row_number() over (
            partition by {{ bytewise(key) }} order by count(*) desc, {{ bytewise(name) }}
        ) as preference
    from {{ relation }}
    where {{ name }} is not null
    group by {{ key }}, {{ name }}
) as spellings
where preference = 1
{% endmacro %}
