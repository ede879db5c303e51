{#- A label as its words (`label_word_list`), sorted. It matches MeSH's inverted headings to
    plain wording ("Dermatitis, Atopic" ↔ "atopic dermatitis"; "Carcinoma, Non-Small-Cell Lung" ↔
    "non-small cell lung carcinoma"; "Non-Radiographic" ↔ "Nonradiographic"). -#}
{% macro sorted_word_key(expression) -%}
    {{ return(adapter.dispatch('sorted_word_key')(expression)) }}
{%- endmacro %}

{% macro duckdb__sorted_word_key(expression) -%}
    array_to_string(list_sort({{ label_word_list(expression) }}), ' ')
{%- endmacro %}

{% macro postgres__sorted_word_key(expression) -%}
    array_to_string(array(
        select word from unnest({{ label_word_list(expression) }}) as word
        order by {{ bytewise('word') }}
    ), ' ')
{%- endmacro %}
