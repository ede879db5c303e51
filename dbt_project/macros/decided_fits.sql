{#- The arm each group's intervention fits (int_result_group_intervention_fits) decide, rules 8
    and 11 of int_result_group_arms: its only fit when not contradicted (evidence 0 or 1), or
    its only fit with evidence 1 (six dose levels of one drug: the stated dose decides, or
    nothing does). `fits` names a relation of (`key`, design_group_id, evidence) rows; the
    query gives one (`key`, design_group_id) row per group decided. -#}
{% macro decided_fits(fits, key) -%}
    select {{ key }}, min(design_group_id) as design_group_id
    from (
        select
            {{ key }},
            design_group_id,
            evidence,
            count(*) over (partition by {{ key }}) as fit_count,
            sum(case when evidence = 1 then 1 else 0 end) over (partition by {{ key }})
                as confirmed_count
        from {{ fits }}
    ) as fitting
    where fit_count = 1 and evidence >= 0 or evidence = 1 and confirmed_count = 1
    group by {{ key }}
{%- endmacro %}
