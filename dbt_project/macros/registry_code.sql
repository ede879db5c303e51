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
    {#- a simple CASE: the code is computed once for the renamed labels' test (PostgreSQL does
        not share a repeated expression between the branches of a searched CASE) -#}
    case {{ code }}
        when 'ANTICIPATED' then 'ESTIMATED'
        when 'GEOMETRIC_COEFFICIENT_OF_VARIATION' then 'GEOMETRIC_COEFFICIENT'
        when 'STANDARD_ERROR_OF_THE_MEAN' then 'STANDARD_ERROR_OF_MEAN'
        when 'U.S._FED' then 'FED'
        when '' then null
        else case
            when strpos({{ label }}, '%') > 0 and {{ code }} like '%CONFIDENCE_INTERVAL'
                then 'CONFIDENCE_' || replace(split_part({{ code }}, '%', 1), '.', '')
            else {{ code }}
        end
    end
{%- endmacro %}
