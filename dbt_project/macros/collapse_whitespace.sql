{#- Text with every run of whitespace (tabs, line breaks, no-break and ideographic spaces too)
    made one space, and none at either end: names compared as people read them. -#}
{% macro collapse_whitespace(expression) -%}
    trim(regexp_replace({{ expression }}, '{{ whitespace() }}+', ' ', 'g'))
{%- endmacro %}

{#- One whitespace character as a regular-expression class: Unicode's White_Space, spelt out.
    `\s` alone differs between the targets: DuckDB's RE2 takes the ASCII five, PostgreSQL also
    the vertical tab and the Unicode spaces its locale knows, so a label with an em space
    was one key on PostgreSQL and two on DuckDB. The escapes differ too. -#}
{% macro whitespace() -%}
    {{ return(adapter.dispatch('whitespace')()) }}
{%- endmacro %}

{% macro duckdb__whitespace() -%}
    {{ return('[\\s\\x{000B}\\x{0085}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]') }}
{%- endmacro %}

{% macro postgres__whitespace() -%}
    {{ return('[\\s\\u000B\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]') }}
{%- endmacro %}
