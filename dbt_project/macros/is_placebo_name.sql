{#- Whether a normalised intervention name (`normalize_drug_name`) is a placebo or a sham: it
    contains "placebo", or has "sham" as a word. -#}
{% macro is_placebo_name(drug_key) -%}
    (
        {{ drug_key }} like '%placebo%'
        or {{ drug_key }} = 'sham'
        or {{ drug_key }} like 'sham %'
        or {{ drug_key }} like '% sham'
        or {{ drug_key }} like '% sham %'
    )
{%- endmacro %}
