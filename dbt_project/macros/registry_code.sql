{#- A registry enumeration (outcome type, parameter and dispersion type, date and enrollment
    type, sponsor class, non-inferiority type) as the API v2 code AACT has written since 2023,
    whether the row came with the code or in the wording of older AACT exports, so a column
    holds one vocabulary: label_code's form ("Count of Participants" → COUNT_OF_PARTICIPANTS,
    "Primary" → PRIMARY), then the legacy labels the API renamed (ClinicalTrials.gov's data
    element definitions): "Anticipated" → ESTIMATED, "95% Confidence Interval" → CONFIDENCE_95,
    "Geometric Coefficient of Variation" → GEOMETRIC_COEFFICIENT, "Standard Error of the Mean"
    → STANDARD_ERROR_OF_MEAN, "U.S. Fed" → FED. -#}
{% macro registry_code(label) -%}
    {%- set code = label_code(label) -%}
    case {{ code }}
        when 'ANTICIPATED' then 'ESTIMATED'
        when 'GEOMETRIC_COEFFICIENT_OF_VARIATION' then 'GEOMETRIC_COEFFICIENT'
        when 'STANDARD_ERROR_OF_THE_MEAN' then 'STANDARD_ERROR_OF_MEAN'
        when 'U_S_FED' then 'FED'
        when '' then null
        else regexp_replace({{ code }}, '^([0-9]+)_?([0-9]*)_CONFIDENCE_INTERVAL$', 'CONFIDENCE_\1\2')
    end
{%- endmacro %}

{#- The same for a column of millions of rows (outcome measurements) whose values are mostly
    codes already: an upper-case value is taken as it is, no regular expression per row. -#}
{% macro registry_code_of_rows(label) -%}
    case when {{ label }} = upper({{ label }}) then {{ label }} else {{ registry_code(label) }} end
{%- endmacro %}
