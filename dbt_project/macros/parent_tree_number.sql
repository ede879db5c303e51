{#- A MeSH tree number's parent: the tree number without its last `.segment`
    (C04.588.180 → C04.588); NULL at the top of a tree (C04). -#}
{% macro parent_tree_number(tree_number) -%}
    case
        when strpos({{ tree_number }}, '.') > 0
            then left({{ tree_number }}, length({{ tree_number }}) - strpos(reverse({{ tree_number }}), '.'))
    end
{%- endmacro %}
