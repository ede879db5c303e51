{#- A drug name as a matching key: `normalize_label`, trademark signs dropped, up to two
    trailing salt or hydrate words removed ("Erlotinib Hydrochloride" → "erlotinib",
    "x hydrochloride monohydrate" → "x"), and an acid named as its anion ("Ibandronic Acid" →
    "ibandronate", as trials name it). A name that is only a salt word ("sodium") stays; so does
    "sodium chloride" (chloride is not stripped: it is the drug there). -#}
{% macro normalize_drug_name(expression) -%}
    {%- set salt = "\\s+(hydrochloride|dihydrochloride|hcl|hydrobromide|disodium|dipotassium|meglumine|tromethamine|mesylate|dimesylate|mesilate|besylate|besilate|tosylate|maleate|tartrate|bitartrate|citrate|acetate|phosphate|sulfate|sulphate|bisulfate|succinate|fumarate|hemifumarate|lactate|gluconate|bromide|sodium|potassium|calcium|magnesium|monohydrate|dihydrate|trihydrate|hydrate)$" -%}
    regexp_replace(regexp_replace(regexp_replace(
        {{ collapse_whitespace("regexp_replace(lower(" ~ expression ~ "), '[®™]', '', 'g')") }},
        '{{ salt }}', '', 'g'), '{{ salt }}', '', 'g'), '([a-z]{3,})ic acid$', '\1ate', 'g')
{%- endmacro %}
