{#- A MeSH unique identifier as NLM writes it. ClinicalTrials.gov's API pads every id to ten
    characters (D000003920), while NLM kept the identifiers assigned before the switch to ten
    characters (2013-14) at seven (D003920, in MeSH's files, AACT, ChEMBL, EFO and gilda) and
    continued the same numbers at ten (D000066450). So a padded id whose number is at most the
    last seven-character number of its record type is written in seven characters; the last
    numbers are the highest seven-character ids in the vocabularies the build ships (gilda's
    32,000 MeSH ids: tests/test_mesh_ui.py checks that they separate the two forms). -#}
{% macro mesh_ui(expression) -%}
    case
        when {{ regex_contains(expression, '^[CD]000[0-9]{6}$') }}
            and cast(substr({{ expression }}, 5, 6) as integer)
                <= case substr({{ expression }}, 1, 1)
                    when 'D' then {{ mesh_last_seven_character_number('D') }}
                    else {{ mesh_last_seven_character_number('C') }}
                end
            then substr({{ expression }}, 1, 1) || substr({{ expression }}, 5, 6)
        else {{ expression }}
    end
{%- endmacro %}

{#- The highest number NLM wrote in seven characters, per record type (D descriptors, C
    supplementary concepts), as far as the shipped vocabularies show it. -#}
{% macro mesh_last_seven_character_number(record_type) -%}
    {{- {'D': 66292, 'C': 588384}[record_type] -}}
{%- endmacro %}
