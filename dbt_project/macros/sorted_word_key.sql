{#- A label as its words, sorted: lower case, every run of other characters a word break, and
    the prefix "non" (before three or more letters) a word of its own. It matches MeSH's
    inverted headings to plain wording ("Dermatitis, Atopic" ↔ "atopic dermatitis"; "Carcinoma, Non-Small-Cell Lung" ↔
    "non-small cell lung carcinoma"; "Non-Radiographic" ↔ "Nonradiographic"). -#}
{% macro sorted_word_key(expression) -%}
    {{ return(adapter.dispatch('sorted_word_key')(expression)) }}
{%- endmacro %}

{% macro duckdb__sorted_word_key(expression) -%}
    array_to_string(list_sort(string_split(
        trim(regexp_replace(regexp_replace(lower({{ expression }}), '[^a-z0-9]+', ' ', 'g'),
            '(^| )non([a-z]{3,})', '\1non \2', 'g')), ' ')), ' ')
{%- endmacro %}

{% macro postgres__sorted_word_key(expression) -%}
    array_to_string(array(
        select word from unnest(regexp_split_to_array(
            trim(regexp_replace(regexp_replace(lower({{ expression }}), '[^a-z0-9]+', ' ', 'g'),
            '(^| )non([a-z]{3,})', '\1non \2', 'g')), ' ')) as word
        order by word
    ), ' ')
{%- endmacro %}
