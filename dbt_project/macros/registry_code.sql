{#- A registry enumeration (study type and status, phase's NA, design, arm, intervention and
    sponsor types, official and responsible-party roles, outcome, parameter, dispersion and
    non-inferiority types, date and enrollment types) as the API v2 code AACT has written since
    2023, whether the row came with the code or in the wording of older AACT exports, so a
    column holds one vocabulary: upper case; spaces, hyphens and slashes as one underscore;
    commas, brackets and full stops dropped ("Active, not recruiting" → ACTIVE_NOT_RECRUITING,
    "Post-Hoc" → POST_HOC, "Superiority or Other (legacy)" → SUPERIORITY_OR_OTHER_LEGACY); then
    the legacy labels whose code the API renamed (ClinicalTrials.gov's data element
    definitions): "Anticipated" → ESTIMATED, "Unknown status" → UNKNOWN,
    "Observational [Patient Registry]" → OBSERVATIONAL, "Educational/Counseling/Training" → ECT,
    "N/A" and "Not Applicable" → NA, "None (Open Label)" → NONE, "95% Confidence Interval" →
    CONFIDENCE_95, "Geometric Coefficient of Variation" → GEOMETRIC_COEFFICIENT, "Standard
    Error of the Mean" → STANDARD_ERROR_OF_MEAN, "U.S. Fed" → FED. A code the API defines stays
    as it is; an empty label is NULL. String functions only, no regular expression: it runs on
    every row of a view. -#}
{% macro registry_code(label) -%}
    {#- one `translate` pass (the same in DuckDB and PostgreSQL): spaces, hyphens and slashes to
        underscores, the characters without a counterpart (`,()[].`) dropped; nine `replace`
        calls did the same at nine times the work, on every row of a ten-million-row view, and
        made every query over a staging view slower to plan -#}
    {%- set spaced = "translate(trim(" ~ label ~ "), ' -/,()[].', '___')" -%}
    {%- set code = "upper(replace(replace(" ~ spaced ~ ", '__', '_'), '__', '_'))" -%}
    {#- a simple CASE: the code is computed once for the renamed labels' test (PostgreSQL does
        not share a repeated expression between the branches of a searched CASE) -#}
    case {{ code }}
        when 'ANTICIPATED' then 'ESTIMATED'
        when 'UNKNOWN_STATUS' then 'UNKNOWN'
        when 'OBSERVATIONAL_PATIENT_REGISTRY' then 'OBSERVATIONAL'
        when 'EDUCATIONAL_COUNSELING_TRAINING' then 'ECT'
        when 'N_A' then 'NA'
        when 'NOT_APPLICABLE' then 'NA'
        when 'NONE_OPEN_LABEL' then 'NONE'
        when 'ECOLOGIC_OR_COMMUNITY_STUDIES' then 'ECOLOGIC_OR_COMMUNITY'
        when 'GEOMETRIC_COEFFICIENT_OF_VARIATION' then 'GEOMETRIC_COEFFICIENT'
        when 'STANDARD_ERROR_OF_THE_MEAN' then 'STANDARD_ERROR_OF_MEAN'
        when 'US_FED' then 'FED'
        when '' then null
        else case
            when strpos({{ label }}, '%') > 0 and {{ code }} like '%CONFIDENCE_INTERVAL'
                then 'CONFIDENCE_' || split_part({{ code }}, '%', 1)
            else {{ code }}
        end
    end
{%- endmacro %}
