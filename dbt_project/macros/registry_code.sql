{#- A registry enumeration (outcome type, parameter and dispersion type, date and enrollment
    type, sponsor class, non-inferiority type) as the API v2 code AACT has written since 2023,
    whether the row came with the code or in the wording of older AACT exports, so a column
    holds one vocabulary: upper case, spaces and hyphens as underscores, commas and brackets
    dropped ("Count of Participants" → COUNT_OF_PARTICIPANTS, "Post-Hoc" → POST_HOC,
    "Superiority or Other (legacy)" → SUPERIORITY_OR_OTHER_LEGACY), then the legacy labels the
    API renamed (ClinicalTrials.gov's data element definitions): "Anticipated" → ESTIMATED,
    "95% Confidence Interval" → CONFIDENCE_95, "Geometric Coefficient of Variation" →
    GEOMETRIC_COEFFICIENT, "Standard Error of the Mean" → STANDARD_ERROR_OF_MEAN, "U.S. Fed" →
    FED. String functions only, no regular expression: it runs on every row of a view. -#}
{% macro registry_code(label) -%}
    {%- set code = "upper(replace(replace(replace(replace(replace(trim(" ~ label
        ~ "), ' ', '_'), '-', '_'), ',', ''), '(', ''), ')', ''))" -%}
    case
        when {{ code }} = 'ANTICIPATED' then 'ESTIMATED'
        when {{ code }} = 'GEOMETRIC_COEFFICIENT_OF_VARIATION' then 'GEOMETRIC_COEFFICIENT'
        when {{ code }} = 'STANDARD_ERROR_OF_THE_MEAN' then 'STANDARD_ERROR_OF_MEAN'
        when {{ code }} = 'U.S._FED' then 'FED'
        when {{ code }} like '%CONFIDENCE_INTERVAL' and split_part({{ code }}, '%', 2) <> ''
            then 'CONFIDENCE_' || replace(split_part({{ code }}, '%', 1), '.', '')
        else nullif({{ code }}, '')
    end
{%- endmacro %}
