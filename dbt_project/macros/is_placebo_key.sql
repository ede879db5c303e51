{#- Whether a normalised drug name (`normalize_drug_name`) names a placebo, a sham or a vehicle
    (the inactive base of a topical drug, its placebo): such a row is kept but never counted. -#}
{% macro is_placebo_key(drug_key) -%}
    (
        {{ drug_key }} like '%placebo%'
        {%- for word in ['sham', 'vehicle'] %}
        or {{ drug_key }} = '{{ word }}'
        or {{ drug_key }} like '{{ word }} %'
        or {{ drug_key }} like '% {{ word }}'
        or {{ drug_key }} like '% {{ word }} %'
        {%- endfor %}
    )
{%- endmacro %}
