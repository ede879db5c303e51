{#- Free text as its words in order: lower case, every run of characters other than a-z and 0-9
    one space, trimmed ("Part B: Placebo+ Erlotinib" → "part b placebo erlotinib"). Whole-word
    containment is then a substring test on the words padded with a space at each end
    (`label_words_contain`). The same regular expression runs on DuckDB (RE2) and PostgreSQL. -#}
{% macro label_words(expression) -%}
    trim(regexp_replace(lower(coalesce({{ expression }}, '')), '[^a-z0-9]+', ' ', 'g'))
{%- endmacro %}

{#- Whether the words `haystack` contain the words `needle` as whole words, in order (both
    already `label_words`; an empty needle contains nothing). -#}
{% macro label_words_contain(haystack, needle) -%}
    ({{ needle }} <> '' and position(' ' || {{ needle }} || ' ' in ' ' || {{ haystack }} || ' ') > 0)
{%- endmacro %}

{#- Whether the words `words` (`label_words`) hold one of the whole words `alternatives`
    ("placebo", "placebo|sham|vehicle"). -#}
{% macro has_word(words, alternatives) -%}
    {{ regex_contains(words, '(^| )(' ~ alternatives ~ ')( |$)') }}
{%- endmacro %}

{#- A word that can tell one title from another: four letters or more, or the digits of a code,
    five or more ("PF-04236921"); not dose text, units or short codes ("200", "mg", "q2w"). -#}
{% macro is_title_word(word) -%}
    {{ regex_contains(word, '^([a-z]{4,}|[0-9]{5,})$') }}
{%- endmacro %}

{#- An arm or result group title as a matching key: its words without designators
    (`without_designators`), the connectives plus / and / with dropped, and the remaining words
    sorted (`sorted_word_key`), so "Arm I (Perioperative 5-FU)" meets "Perioperative 5-FU" and
    "Everolimus + Trastuzumab + Vinorelbine" meets "Everolimus + vinorelbine + trastuzumab".
    Dose text stays: "Pazopanib 600 mg" and "Pazopanib 800 mg" remain two keys. A title that is
    only a designator ("Arm A") has the key '' and matches nothing by key. -#}
{% macro arm_title_key(expression) -%}
    {{ sorted_word_key(
        "regexp_replace(" ~ without_designators(expression)
        ~ ", '[^a-z0-9](plus|and|with)[^a-z0-9]', ' ', 'g')"
    ) }}
{%- endmacro %}

{#- A title in lower case with a leading list number ("1 Placebo", "2. repaglinide") and group
    designators anywhere ("Arm I", "Group 2", "Cohort B", "Part A:", "(Arm A)", "Regimen 1") set
    aside, padded with a space at each end: what is left names the treatment, and its numbers
    are doses. -#}
{% macro without_designators(expression) -%}
    regexp_replace(' ' || regexp_replace(lower(coalesce({{ expression }}, '')),
        '^{{ whitespace() }}*[0-9]{1,2}[.):]?{{ whitespace() }}+([a-z]{3,})', '\1') || ' ',
        '[^a-z0-9]+({{ designator_nouns() }})s? ({{ designator_marks() }})(?:[^a-z0-9]+|$)',
        ' ', 'g')
{%- endmacro %}

{#- What names a group in a title: a noun and its mark ("Arm I", "Group 2", "Cohort B"). -#}
{% macro designator_nouns() -%}
    arm|group|cohort|part|panel|period|sequence|regimen
{%- endmacro %}

{% macro designator_marks() -%}
    [0-9]{1,2}|[a-z]|[ivx]{1,4}
{%- endmacro %}

{#- A title's words with each designator joined into one word ("Arm 2: DB Phase" → "arm_2 db
    phase"), so `word_list` gives its designators as the words holding "_". The singular noun
    only: "Arms A and B" names two groups, neither alone. Two passes, as a space that ends one
    designator begins the next ("cohort 1 group 2"). -#}
{% macro designator_text(expression) -%}
    {%- set pattern = "' (" ~ designator_nouns() ~ ") (" ~ designator_marks() ~ ") '" -%}
    regexp_replace(regexp_replace(' ' || {{ label_words(expression) }} || ' ',
        {{ pattern }}, ' \1_\2 ', 'g'), {{ pattern }}, ' \1_\2 ', 'g')
{%- endmacro %}

{#- A title's words with decimal points kept and a mass unit joined to its number ("2.5 mg" →
    2.5mg), for the doses it states. -#}
{% macro number_word_list(expression) -%}
    {{ word_list(number_word_text(expression)) }}
{%- endmacro %}

{% macro number_word_text(expression) -%}
    regexp_replace(trim(regexp_replace(regexp_replace(
        regexp_replace(lower(coalesce({{ expression }}, '')), '[^a-z0-9.µμ]+', ' ', 'g'),
        '[.]+( |$)', ' ', 'g'), '(^| )[.]+', ' ', 'g')),
        '([0-9]) ({{ mass_units() }})( |$)', '\1\2\3', 'g')
{%- endmacro %}

{% macro mass_units() -%}
    mg|mcg|ug|µg|μg|g
{%- endmacro %}

{#- The numbers the titles of `relation` state (`is_number_word`; designators aside, "Arm 2"
    states none): a select of the distinct `key_columns` and `number`, of the rows `where`
    keeps, with `milligrams`, the dose in mg when the title gives its mass unit ("0.25 g" and
    "250mg" are one dose; "250" alone has none). -#}
{% macro stated_numbers(relation, key_columns, title, where='true') -%}
    select {{ key_columns | join(', ') }}, number, max(milligrams) as milligrams
    from (
        select
            {{ key_columns | join(', ') }},
            {{ dose_number('word') }} as number,
            {{ dose_milligrams('word') }} as milligrams
        from (
            select
                {{ key_columns | join(', ') }},
                unnest({{ number_word_list(without_designators(title)) }}) as word
            from {{ relation }}
            where {{ where }}
        ) as split_titles
        where {{ is_number_word('word') }}
    ) as doses
    group by {{ key_columns | join(', ') }}, number
{%- endmacro %}

{#- A word of a title that states a number (`number_word_list`'s words): "750", "2.5", "10mg"; not
    the digits inside a code such as BAY1067197. `dose_number` is its number, the unit aside. -#}
{% macro is_number_word(word) -%}
    {{ regex_contains(word, '^[0-9]+([.][0-9]+)?(' ~ mass_units() ~ '|kg|ml|iu|u|mmol)?$') }}
{%- endmacro %}

{% macro dose_number(word) -%}
    regexp_replace({{ word }}, '^([0-9]+([.][0-9]+)?).*$', '\1')
{%- endmacro %}

{#- A dose word's mass in mg ("0.25g" → 250, "50mcg" → 0.05), exact decimals on both targets;
    NULL without a mass unit or beyond six digits on either side of the point. -#}
{% macro dose_milligrams(word) -%}
    case
        when {{ regex_contains(word, '^[0-9]{1,6}([.][0-9]{1,6})?(' ~ mass_units() ~ ')$') }}
            then cast(regexp_replace({{ word }}, '^([0-9.]+).*$', '\1') as decimal(18, 6))
                * case
                    when {{ regex_contains(word, '[0-9]mg$') }} then 1
                    when {{ regex_contains(word, '[0-9]g$') }} then 1000
                    else 0.001
                end
    end
{%- endmacro %}

{#- Whether two stated doses (rows of `stated_numbers`) are one: the same number, or the same
    mass in mg ("0.25 g" and "250mg"). -#}
{% macro same_dose(left, right) -%}
    ({{ left }}.number = {{ right }}.number or {{ left }}.milligrams = {{ right }}.milligrams)
{%- endmacro %}
