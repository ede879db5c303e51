"""The results tables of studies with results: result groups, outcomes and their measurements,
counts and analyses, and reported adverse events (from the outcome and analysis plans)."""

from __future__ import annotations

from bench.scalegen.layout import SNAPSHOT
from bench.scalegen.table_sql import TableSql, date_plus, per_study
from bench.scalegen.texts import ADVERSE_EVENTS


def results_tables() -> dict[str, TableSql]:
    return {
        **_result_group_tables(),
        **_outcome_tables(),
        **_measurement_tables(),
        **_count_tables(),
        **_analysis_tables(),
        **_analysis_group_tables(),
        **_reported_event_tables(),
    }


def _reported_event_tables() -> dict[str, TableSql]:
    tables: dict[str, TableSql] = {}
    # adverse events of studies with results: 5 to 40 terms (serious ones first), each reported
    # for every arm's Reported Event group; an arm's participants at risk are the same for all
    # of its terms; study-level texts repeat on every row, as in AACT
    ae_count = len(ADVERSE_EVENTS)
    tables["reported_events"] = TableSql(
        f"""(SELECT *,
                CAST(floor(at_risk * CASE WHEN t < n_ser THEN 0.12 * pow(hu(i, j, 730), 4)
                     ELSE 0.01 + 0.35 * pow(hu(i, j, 730), 2) END) AS BIGINT) AS affected
            FROM (SELECT *,
                    arm_size(i, g) AS at_risk,
                    (CAST(floor(pow(hu(i, 0, 722), 2) * {ae_count}) AS BIGINT) + t) % {ae_count}
                        + 1 AS term
                  FROM (SELECT *, j // arms AS t, j % arms AS g,
                               CAST(floor(n_ae * (0.2 + 0.5 * hu(i, 0, 721))) AS BIGINT) AS n_ser
                        FROM {per_study("n_re", "re_base, rg_base, n_ae")})))""",
        {
            "id": "re_base + j",
            "nct_id": "nct_id",
            "result_group_id": "rg_base + 2 * arms + 1 + g",
            "ctgov_group_code": "code('EG', g)",
            "time_frame": "CASE WHEN chance(i, 0, 740, 0.9) "
            "THEN odd(i, 0, 741, pick(v_ae_time_frame(), i, 0, 742)) END",
            "event_type": "CASE WHEN t < n_ser THEN 'serious' ELSE 'other' END",
            "default_vocab": "NULL",
            "default_assessment": "NULL",
            "subjects_affected": "affected",
            "subjects_at_risk": "at_risk",
            "description": "CASE WHEN chance(i, 0, 743, 0.7) "
            "THEN pick(v_ae_description(), i, 0, 744) END",
            "event_count": "CASE WHEN NOT chance(i, 0, 745, 0.2) "
            "THEN affected + hn(i, j, 746, affected // 2 + 1) END",
            "organ_system": "v_ae_system()[term]",
            "adverse_event_term": "v_ae_term()[term]",
            "frequency_threshold": "pick([5, 5, 5, 5, 5, 5, 5, 0, 0, 1, 2, 3], i, 0, 747)",
            "vocab": "CASE WHEN NOT chance(i, 0, 748, 0.03) "
            "THEN 'MedDRA (' || CAST(10 + hn(i, 0, 749, 17) AS VARCHAR) || '.0)' END",
            "assessment": "CASE WHEN chance(i, 0, 750, 0.7) THEN 'NON_SYSTEMATIC_ASSESSMENT' "
            "ELSE 'SYSTEMATIC_ASSESSMENT' END",
        },
    )
    return tables


def _result_group_tables() -> dict[str, TableSql]:
    tables: dict[str, TableSql] = {}
    # result groups: Baseline (arms + Total), Participant Flow, Reported Event, then one Outcome
    # group per arm for every outcome (OG000… repeat across the study's outcomes)
    kind = (
        "CASE WHEN j < arms + 1 THEN 0 WHEN j < 2 * arms + 1 THEN 1 "
        "WHEN j < 3 * arms + 1 THEN 2 ELSE 3 END"
    )
    tables["result_groups"] = TableSql(
        f"""(SELECT *, {kind} AS kind,
                CASE {kind} WHEN 0 THEN j WHEN 1 THEN j - arms - 1 WHEN 2 THEN j - 2 * arms - 1
                     ELSE (j - 3 * arms - 1) % arms END AS g
            FROM {per_study("n_rg", "rg_base")})""",
        {
            "id": "rg_base + j",
            "nct_id": "nct_id",
            "ctgov_group_code": "code(['BG', 'FG', 'EG', 'OG'][kind + 1], g)",
            "result_type": "['Baseline', 'Participant Flow', 'Reported Event', 'Outcome']"
            "[kind + 1]",
            "title": "CASE WHEN g = arms THEN 'Total' ELSE arm_title(i, g, n_int) END",
            "description": "CASE WHEN g = arms THEN 'Total of all reporting groups' "
            "ELSE odd(i, g, 340, para(i, g, 341, 1 + hn(i, g, 342, 3))) END",
            "outcome_id": "NULL",  # AACT's 2024 column, empty (see studies.patient_registry)
        },
    )
    return tables


def _outcome_tables() -> dict[str, TableSql]:
    snap = SNAPSHOT
    tables: dict[str, TableSql] = {}
    tables["outcomes"] = TableSql(
        "op",
        {
            "id": "outcome_id",
            "nct_id": "nct_id",
            "outcome_type": "CASE WHEN o = 0 THEN 'Primary' ELSE pick(['Primary', 'Secondary', "
            "'Secondary', 'Secondary', 'Secondary', 'Secondary', 'Secondary', 'Secondary', "
            "'Other Pre-specified', 'Post-Hoc'], i, o, 350) END",
            "title": "title",
            "description": "description",
            # AACT's time frames and populations run longer than one stock phrase
            "time_frame": "pick(v_time_frame(), i, o, 351) || CASE WHEN chance(i, o, 358, 0.4) "
            "THEN ', assessed at each visit up to ' "
            "|| CAST(4 * (1 + hn(i, o, 359, 40)) AS VARCHAR) "
            "|| ' weeks after the last dose' ELSE '' END",
            "population": "CASE WHEN chance(i, o, 352, 0.85) THEN pick(v_population(), i, o, 353) "
            "|| CASE WHEN chance(i, o, 360, 0.5) THEN ' ' || pick(v_sent(), i, o, 361) ELSE '' END "
            "END",
            "anticipated_posting_date": "CASE WHEN chance(i, o, 354, 0.01) THEN "
            f"last_day({date_plus(snap, 'hn(i, o, 355, 700)')}) END",
            "anticipated_posting_month_year": "CASE WHEN chance(i, o, 354, 0.01) THEN "
            f"strftime({date_plus(snap, 'hn(i, o, 355, 700)')}, '%Y-%m') END",
            "units": "units",
            "units_analyzed": "CASE WHEN chance(i, o, 356, 0.03) THEN "
            "pick(['Eyes', 'Lesions', 'Teeth', 'Knees'], i, o, 357) END",
            "dispersion_type": "dispersion_type",
            "param_type": "param_type",
        },
    )
    return tables


def _measurement_tables() -> dict[str, TableSql]:
    tables: dict[str, TableSql] = {}
    value = (
        "CASE WHEN counts THEN CAST(hn(outcome_id, k, 400, 120) AS DOUBLE) "
        "ELSE round((hu(outcome_id, k, 401) - 0.25) * scale, 2) END"
    )
    spread = "round(abs(v) * (0.05 + 0.5 * hu(outcome_id, k, 402)) + 0.01, 2)"
    tables["outcome_measurements"] = TableSql(
        f"""(SELECT *,
                CASE WHEN chance(outcome_id, k, 403, 0.015) THEN NULL ELSE {value} END AS v,
                c >= cat_n AS repeated
            FROM (SELECT nct_id, outcome_id, og_base, arms, meas_base, counts, cat_set, cat_n,
                         n_cat, scale, title, description, units, param_type, dispersion_type,
                         k, k // arms AS c, k % arms AS g
                  FROM (SELECT *, unnest(range(n_meas)) AS k FROM op)))""",
        {
            "id": "meas_base + k",
            "nct_id": "nct_id",
            "outcome_id": "outcome_id",
            "result_group_id": "og_base + g",
            "ctgov_group_code": "code('OG', g)",
            "classification": "CASE WHEN counts AND c >= cat_n THEN 'Visit ' "
            "|| CAST(1 + c // cat_n AS VARCHAR) WHEN NOT counts AND n_cat > 1 THEN "
            "pick(v_time_label(), outcome_id, 0, 404) || ' ' || CAST(c + 1 AS VARCHAR) END",
            "category": "CASE WHEN counts AND n_cat > 1 "
            "THEN split_part(cat_set, ';', CAST(c % cat_n + 1 AS INTEGER)) END",
            "title": "title",
            "description": "description",
            "units": "units",
            "param_type": "param_type",
            "param_value": "CASE WHEN v IS NULL THEN 'NA' ELSE num(v) END",
            "param_value_num": "v",
            "dispersion_type": "dispersion_type",
            "dispersion_value": "CASE WHEN dispersion_type IN ('Standard Deviation', "
            "'Standard Error', 'Geometric Coefficient of Variation') THEN "
            f"CASE WHEN v IS NULL THEN 'NA' ELSE num({spread}) END END",
            "dispersion_value_num": "CASE WHEN dispersion_type IN ('Standard Deviation', "
            f"'Standard Error', 'Geometric Coefficient of Variation') THEN {spread} END",
            "dispersion_lower_limit": "CASE WHEN dispersion_type IN ('95% Confidence Interval', "
            f"'Full Range', 'Inter-Quartile Range') THEN round(v - {spread}, 2) END",
            "dispersion_upper_limit": "CASE WHEN dispersion_type IN ('95% Confidence Interval', "
            "'Full Range', 'Inter-Quartile Range') AND NOT chance(outcome_id, k, 405, 0.02) "
            f"THEN round(v + {spread}, 2) END",
            "explanation_of_na": "CASE WHEN v IS NULL THEN pick(v_na(), outcome_id, k, 406) END",
            "dispersion_upper_limit_raw": "CASE WHEN dispersion_type IN ("
            "'95% Confidence Interval', 'Full Range', 'Inter-Quartile Range') THEN "
            "CASE WHEN v IS NULL OR chance(outcome_id, k, 405, 0.02) THEN 'NA' "
            f"ELSE num(round(v + {spread}, 2)) END END",
            "dispersion_lower_limit_raw": "CASE WHEN dispersion_type IN ("
            "'95% Confidence Interval', 'Full Range', 'Inter-Quartile Range') THEN "
            f"CASE WHEN v IS NULL THEN 'NA' ELSE num(round(v - {spread}, 2)) END END",
        },
    )
    return tables


def _count_tables() -> dict[str, TableSql]:
    tables: dict[str, TableSql] = {}
    # participants analysed per outcome and arm: the arm, less a few lost to follow-up
    tables["outcome_counts"] = TableSql(
        "(SELECT i, nct_id, outcome_id, og_base, oc_base, unnest(range(arms)) AS g FROM op)",
        {
            "id": "oc_base + g",
            "nct_id": "nct_id",
            "outcome_id": "outcome_id",
            "result_group_id": "og_base + g",
            "ctgov_group_code": "code('OG', g)",
            "scope": "'Measure'",
            "units": "'Participants'",
            "count": "greatest(10, arm_size(i, g) "
            "- hn(outcome_id, g, 710, arm_size(i, g) // 5 + 1))",
        },
    )
    return tables


def _analysis_tables() -> dict[str, TableSql]:
    tables: dict[str, TableSql] = {}
    tables["outcome_analyses"] = TableSql(
        """(SELECT *,
                CASE WHEN NOT has_param THEN NULL
                     WHEN ratio THEN round(0.2 + 1.6 * hu(analysis_id, 0, 500), 2)
                     ELSE round((hu(analysis_id, 0, 500) - 0.4) * 4, 2) END AS pv,
                CASE WHEN NOT has_param THEN NULL
                     WHEN ratio THEN round(0.02 + 0.15 * hu(analysis_id, 0, 501), 2)
                     ELSE round(0.05 + hu(analysis_id, 0, 501) * 1.5, 2) END AS w,
                CASE WHEN NOT chance(analysis_id, 0, 502, 0.03)
                     THEN round(pow(hu(analysis_id, 0, 503), 2.2), 4) END AS p0,
                pick(v_ni(), analysis_id, 0, 504) AS ni
            FROM (SELECT *, an_param LIKE '%Ratio%' AS ratio
                  FROM (SELECT *, CASE WHEN chance(analysis_id, 0, 505, 0.5)
                                       THEN pick(v_an_param(), analysis_id, 0, 508) END AS an_param,
                               an_param IS NOT NULL AS has_param
                        FROM ap)))""",
        {
            "id": "analysis_id",
            "nct_id": "nct_id",
            "outcome_id": "outcome_id",
            "non_inferiority_type": "ni",
            "non_inferiority_description": "CASE WHEN ni IN ('Non-Inferiority', 'Equivalence') "
            "AND chance(analysis_id, 0, 506, 0.6) THEN pick(v_ni_description(), analysis_id, 0, "
            "507) END",
            "param_type": "an_param",
            "param_value": "pv",
            "dispersion_type": "CASE WHEN has_param AND chance(analysis_id, 0, 509, 0.15) THEN "
            "pick(['Standard Error of the Mean', 'Standard Deviation'], analysis_id, 0, 510) END",
            "dispersion_value": "CASE WHEN has_param AND chance(analysis_id, 0, 509, 0.15) THEN "
            "round(w / 2, 2) END",
            "p_value_modifier": "CASE WHEN p0 < 0.001 THEN '<' WHEN p0 IS NOT NULL AND "
            "chance(analysis_id, 0, 511, 0.02) THEN '>' END",
            "p_value": "CASE WHEN p0 < 0.001 THEN 0.001 ELSE p0 END",
            "ci_n_sides": "CASE WHEN has_param THEN CASE WHEN chance(analysis_id, 0, 512, 0.05) "
            "THEN '1-Sided' ELSE '2-Sided' END END",
            "ci_percent": "CASE WHEN has_param THEN pick([95, 95, 95, 95, 95, 95, 95, 95, 90, "
            "97.5], analysis_id, 0, 513) END",
            "ci_lower_limit": "round(pv - w, 2)",
            "ci_upper_limit": "CASE WHEN NOT chance(analysis_id, 0, 514, 0.02) "
            "THEN round(pv + w, 2) END",
            "ci_upper_limit_na_comment": "CASE WHEN has_param AND chance(analysis_id, 0, 514, "
            "0.02) THEN pick(v_na_comment(), analysis_id, 0, 515) END",
            "p_value_description": "CASE WHEN chance(analysis_id, 0, 516, 0.15) THEN "
            "pick(v_p_value_description(), analysis_id, 0, 517) END",
            "method": "CASE WHEN chance(analysis_id, 0, 518, 0.97) THEN pick(v_method(), "
            "analysis_id, 0, 519) END",
            "method_description": "CASE WHEN chance(analysis_id, 0, 520, 0.3) THEN "
            "pick(v_method_description(), analysis_id, 0, 521) END",
            "estimate_description": "CASE WHEN has_param AND chance(analysis_id, 0, 522, 0.2) "
            "THEN pick(v_estimate_description(), analysis_id, 0, 523) END",
            "groups_description": "CASE WHEN chance(analysis_id, 0, 524, 0.45) THEN "
            "pick(v_groups_description(), analysis_id, 0, 525) END",
            "other_analysis_description": "CASE WHEN chance(analysis_id, 0, 526, 0.01) THEN "
            "para(analysis_id, 0, 527, 1) END",
            "ci_upper_limit_raw": "CASE WHEN has_param THEN CASE WHEN chance(analysis_id, 0, 514, "
            "0.02) THEN 'NA' ELSE num(round(pv + w, 2)) END END",
            "ci_lower_limit_raw": "CASE WHEN has_param THEN num(round(pv - w, 2)) END",
            "p_value_raw": "CASE WHEN p0 < 0.001 THEN '<0.001' WHEN p0 IS NOT NULL THEN num(p0) "
            "END",
        },
    )
    return tables


def _analysis_group_tables() -> dict[str, TableSql]:
    tables: dict[str, TableSql] = {}
    tables["outcome_analysis_groups"] = TableSql(
        """(SELECT *, CASE WHEN n_grp = arms THEN m WHEN m = 0 THEN 0 ELSE second_group END AS g
            FROM (SELECT *, unnest(range(n_grp)) AS m FROM ap))""",
        {
            "id": "oag_base + m",
            "nct_id": "nct_id",
            "outcome_analysis_id": "analysis_id",
            "result_group_id": "og_base + g",
            "ctgov_group_code": "code('OG', g)",
        },
    )
    return tables
