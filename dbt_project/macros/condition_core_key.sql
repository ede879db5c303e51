{#- A condition label's core: parenthesised asides ("(RCC)"), stage ("Stage IIIA"), AJCC
    edition ("AJCC v8") and course qualifiers (metastatic, recurrent, refractory, relapsed,
    (locally) advanced, localized, (un)resectable, newly diagnosed) removed, so "Stage IIIA
    Lung Cancer AJCC v8" meets "Lung Cancer". `condition_core_text` gives the core as
    space-padded words (regular-expression work: compute it once per label), and
    `condition_core_key` its matching key (`sorted_word_key`), with `cancer_as` rewriting
    cancer/tumour words to MeSH's own noun ('neoplasms' or 'carcinoma') for a MeSH file without
    entry terms ("Breast Cancer" → "Breast Neoplasms"). Every step works on space-padded words,
    so no regex word boundary is needed (RE2 and PostgreSQL spell it differently). -#}
{% macro condition_core_text(expression) -%}
    {%- set qualifiers = 'locally advanced|metastatic|recurrent|refractory|relapsed|advanced'
        ~ '|localized|localised|resectable|unresectable|newly diagnosed' -%}
    {%- set words -%}
        ' ' || trim(regexp_replace(regexp_replace(lower({{ expression }}),
            '\([^)]*\)', ' ', 'g'), '[^a-z0-9]+', ' ', 'g')) || ' '
    {%- endset -%}
    {%- set ns = namespace(core="regexp_replace(regexp_replace(" ~ words
        ~ ", ' stage [0iv]+[abc]?[0-9]? ', ' ', 'g'), ' ajcc v[0-9]+ ', ' ', 'g')") -%}
    {#- three passes: a removal eats the space that an adjacent qualifier needs -#}
    {%- for _ in range(3) -%}
        {%- set ns.core = "regexp_replace(" ~ ns.core ~ ", ' (" ~ qualifiers ~ ") ', ' ', 'g')" -%}
    {%- endfor -%}
    {#- most labels have nothing to remove: one test instead of seven replacements -#}
    case
        when {{ regex_contains('lower(' ~ expression ~ ')',
            '[(]|stage|ajcc|advanced|metastatic|recurrent|refractory|relapsed|locali[sz]ed'
            ~ '|resectable|newly diagnosed') }}
            then {{ ns.core }}
        else {{ words }}
    end
{%- endmacro %}

{% macro condition_core_key(core_text, cancer_as=none) -%}
    {%- if cancer_as -%}
        {{ sorted_word_key("regexp_replace(" ~ core_text
            ~ ", ' (cancers?|tumou?rs?|neoplasm) ', ' " ~ cancer_as ~ " ', 'g')") }}
    {%- else -%}
        {{ sorted_word_key(core_text) }}
    {%- endif -%}
{%- endmacro %}
