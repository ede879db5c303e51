"""One SELECT per AACT table: a FROM clause over the plans, one SQL expression per column."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.scalegen.layout import SNAPSHOT
from bench.scalegen.texts import ADVERSE_EVENTS
from bench.scalegen.vocab import COUNTRIES


@dataclass
class TableSql:
    source: str
    columns: dict[str, str] = field(default_factory=dict)


def _date_plus(date: str, days: str) -> str:
    return f"({date} + CAST({days} AS INTEGER))"


def _table_sql(studies: int) -> dict[str, TableSql]:
    snap = SNAPSHOT
    study_source = f"""(
        SELECT
            *,
            CASE WHEN has_results THEN pick(v_status_results(), i, 0, 110)
                 WHEN pcd < DATE '2023-01-01' THEN pick(v_status_past(), i, 0, 110)
                 ELSE pick(v_status_future(), i, 0, 110) END AS status,
            CASE WHEN has_results THEN least(res_sub0, {snap} - 60 - hi(i, 0, 111, 200))
                 END AS res_sub,
            CASE WHEN NOT has_results AND pcd < {snap} - 120 AND chance(i, 0, 112, 0.03)
                 THEN {_date_plus("pcd", "hn(i, 0, 113, 100)")} END AS disp_sub,
            CASE WHEN chance(i, 0, 114, 0.02) THEN 't' WHEN chance(i, 0, 115, 0.95) THEN 'f'
                 END AS expanded,
            CASE WHEN st < DATE '2017-01-01' THEN 'old' ELSE 'new' END AS era,
            CASE WHEN NOT chance(i, 0, 117, 0.35) THEN pick(['Yes', 'No', 'No', 'No', 'Undecided'],
                 i, 0, 118) END AS ipd,
            replace(replace(CASE WHEN interventional THEN pick(v_brief_title(), i, 0, 120)
                ELSE pick(v_brief_title_obs(), i, 0, 120) END, '{{D}}', d0), '{{C}}', c0) AS brief0,
            replace(replace(replace(CASE WHEN interventional
                THEN pick(v_official_title(), i, 0, 121)
                ELSE pick(v_official_title_obs(), i, 0, 121) END, '{{D}}', d0), '{{C}}', c0),
                '{{P}}', CAST(1 + hn(i, 0, 122, 3) AS VARCHAR)) AS official0,
            TIMESTAMP '2024-05-29 00:00:00' + to_seconds(hn(i, 0, 123, 259200)) AS created
        FROM (
            SELECT
                *,
                {_date_plus("sub", "hn(i, 0, 101, 500) - 250")} AS st,
                {_date_plus("sub", "hn(i, 0, 101, 500) - 250 + dur")} AS pcd,
                {_date_plus("sub", "hn(i, 0, 101, 500) - 250 + dur + hn(i, 0, 103, 400)")} AS cd,
                {_date_plus("sub", "hn(i, 0, 101, 500) - 250 + dur + 200 + hn(i, 0, 104, 400)")}
                    AS res_sub0,
                int_name(i, 0) AS d0,
                cond_name(i, 0) AS c0
            FROM (
                SELECT
                    *,
                    {_date_plus("DATE '1999-09-15'", f"floor(sqrt((i + 0.5) / {studies}) * 9000)")}
                        AS sub,
                    120 + CAST(floor(pow(hu(i, 0, 102), 1.6) * 2600) AS INTEGER) AS dur
                FROM sp
            )
        )
    )"""
    # last update: after everything else that happened, before the snapshot
    last_update = (
        f"least({snap} - 4 - hi(i, 0, 130, 5), greatest({_date_plus('sub', '30')}, "
        f"coalesce({_date_plus('res_sub', '40')}, sub), "
        f"{_date_plus('sub', f'hn(i, 0, 131, greatest(1, {snap} - sub))')}))"
    )

    def posted_type(date: str) -> str:
        return (
            f"CASE WHEN {date} IS NULL THEN NULL WHEN {date} >= DATE '2017-01-18' "
            f"THEN 'Actual' ELSE 'Estimate' END"
        )

    def month_year(date: str) -> str:
        return (
            f"CASE WHEN {date} IS NULL THEN NULL WHEN era = 'old' THEN strftime({date}, '%B %Y') "
            f"ELSE strftime({date}, '%B %-d, %Y') END"
        )

    def month_date(date: str) -> str:
        return f"CASE WHEN era = 'old' THEN last_day({date}) ELSE {date} END"

    def actual(date: str) -> str:
        return (
            f"CASE WHEN {date} IS NULL THEN NULL WHEN {date} < {snap} THEN 'Actual' "
            "ELSE 'Anticipated' END"
        )

    lu = "lu"
    has_cd = "NOT chance(i, 0, 147, 0.02)"
    tables: dict[str, TableSql] = {}
    tables["studies"] = TableSql(
        f"(SELECT *, {last_update} AS lu FROM {study_source})",
        {
            "nct_id": "nct_id",
            "nlm_download_date_description": "CASE WHEN chance(i, 0, 140, 0.05) THEN "
            "'ClinicalTrials.gov processed this data on May 31, 2024' END",
            "study_first_submitted_date": "sub",
            "results_first_submitted_date": "res_sub",
            "disposition_first_submitted_date": "disp_sub",
            "last_update_submitted_date": lu,
            "study_first_submitted_qc_date": _date_plus("sub", "hn(i, 0, 141, 20)"),
            "study_first_posted_date": _date_plus(
                "sub", "hn(i, 0, 141, 20) + 1 + hn(i, 0, 142, 4)"
            ),
            "study_first_posted_date_type": posted_type("sub"),
            "results_first_submitted_qc_date": _date_plus("res_sub", "hn(i, 0, 143, 30)"),
            "results_first_posted_date": _date_plus("res_sub", "hn(i, 0, 143, 30) + 2"),
            "results_first_posted_date_type": posted_type("res_sub"),
            "disposition_first_submitted_qc_date": _date_plus("disp_sub", "hn(i, 0, 144, 10)"),
            "disposition_first_posted_date": _date_plus("disp_sub", "hn(i, 0, 144, 10) + 2"),
            "disposition_first_posted_date_type": posted_type("disp_sub"),
            "last_update_submitted_qc_date": lu,
            "last_update_posted_date": _date_plus(lu, "1 + hn(i, 0, 145, 3)"),
            "last_update_posted_date_type": posted_type(lu),
            "start_month_year": month_year("st"),
            "start_date_type": "CASE WHEN era = 'new' THEN "
            f"CASE WHEN st < {snap} THEN 'Actual' ELSE 'Anticipated' END END",
            "start_date": month_date("st"),
            "verification_month_year": f"strftime({_date_plus(lu, '-hn(i, 0, 146, 60)')}, '%B %Y')",
            "verification_date": f"last_day({_date_plus(lu, '-hn(i, 0, 146, 60)')})",
            "completion_month_year": f"CASE WHEN {has_cd} THEN {month_year('cd')} END",
            "completion_date_type": f"CASE WHEN {has_cd} THEN {actual('cd')} END",
            "completion_date": f"CASE WHEN {has_cd} THEN {month_date('cd')} END",
            "primary_completion_month_year": month_year("pcd"),
            "primary_completion_date_type": actual("pcd"),
            "primary_completion_date": month_date("pcd"),
            "target_duration": "CASE WHEN NOT interventional AND chance(i, 0, 148, 0.1) THEN "
            "CAST(1 + hn(i, 0, 149, 10) AS VARCHAR) || pick([' Years', ' Months', ' Days'], "
            "i, 0, 150) END",
            "study_type": "CASE WHEN interventional THEN 'Interventional' ELSE 'Observational' END",
            "acronym": "CASE WHEN chance(i, 0, 151, 0.25) THEN acronym(i) END",
            "baseline_population": "CASE WHEN has_results AND chance(i, 0, 152, 0.6) "
            "THEN pick(v_population(), i, 0, 153) END",
            "brief_title": "odd(i, 0, 154, brief0)",
            "official_title": "CASE WHEN NOT chance(i, 0, 155, 0.01) THEN "
            "odd(i, 0, 156, official0) END",
            "overall_status": "status",
            "last_known_status": "CASE WHEN status = 'Unknown status' "
            "THEN pick(v_last_known(), i, 0, 157) END",
            "phase": "CASE WHEN interventional THEN pick(v_phase(), i, 0, 158) END",
            "enrollment": "CASE WHEN status = 'Withdrawn' THEN 0 WHEN chance(i, 0, 159, 0.01) "
            "THEN NULL ELSE CAST(floor(pow(10, 1 + 2.4 * pow(hu(i, 0, 160), 1.8))) AS INTEGER) "
            "END",
            "enrollment_type": "CASE WHEN chance(i, 0, 159, 0.01) AND status <> 'Withdrawn' "
            "THEN NULL WHEN status IN ('Completed', 'Terminated', 'Withdrawn', "
            "'Active, not recruiting') THEN 'Actual' ELSE 'Anticipated' END",
            "source": "sponsor_name(i, 0)",
            "limitations_and_caveats": "CASE WHEN has_results AND chance(i, 0, 161, 0.1) "
            "THEN pick(v_limitations(), i, 0, 162) END",
            "number_of_arms": "CASE WHEN interventional THEN n_dg END",
            "number_of_groups": "CASE WHEN NOT interventional THEN n_dg END",
            "why_stopped": "CASE WHEN status IN ('Terminated', 'Withdrawn', 'Suspended') AND "
            "chance(i, 0, 163, 0.92) THEN pick(v_why_stopped(), i, 0, 164) END",
            "has_expanded_access": "expanded",
            "expanded_access_type_individual": "CASE WHEN expanded = 't' THEN 't' END",
            "expanded_access_type_intermediate": "CASE WHEN expanded = 't' "
            "AND chance(i, 0, 165, 0.3) THEN 't' END",
            "expanded_access_type_treatment": "CASE WHEN expanded = 't' "
            "AND chance(i, 0, 166, 0.3) THEN 't' END",
            "has_dmc": "pick(['t', 't', 't', 'f', 'f', 'f', 'f', NULL, NULL], i, 0, 167)",
            "is_fda_regulated_drug": "CASE WHEN sub >= DATE '2017-01-18' "
            "THEN tf(chance(i, 0, 168, 0.2)) END",
            "is_fda_regulated_device": "CASE WHEN sub >= DATE '2017-01-18' "
            "THEN tf(chance(i, 0, 169, 0.1)) END",
            "is_unapproved_device": "CASE WHEN chance(i, 0, 170, 0.01) THEN 't' END",
            "is_ppsd": "CASE WHEN chance(i, 0, 171, 0.005) THEN 't' END",
            "is_us_export": "CASE WHEN chance(i, 0, 172, 0.03) THEN tf(chance(i, 0, 173, 0.3)) END",
            "biospec_retention": "CASE WHEN NOT interventional AND chance(i, 0, 174, 0.2) THEN "
            "pick(['Samples With DNA', 'Samples Without DNA', 'None Retained'], i, 0, 175) END",
            "biospec_description": "CASE WHEN NOT interventional AND chance(i, 0, 174, 0.2) "
            "AND chance(i, 0, 176, 0.8) THEN pick(v_biospec(), i, 0, 177) END",
            "ipd_time_frame": "CASE WHEN ipd = 'Yes' AND chance(i, 0, 178, 0.7) "
            "THEN pick(v_ipd_time_frame(), i, 0, 179) END",
            "ipd_access_criteria": "CASE WHEN ipd = 'Yes' AND chance(i, 0, 178, 0.7) "
            "THEN pick(v_ipd_access(), i, 0, 180) END",
            "ipd_url": "CASE WHEN ipd = 'Yes' AND chance(i, 0, 181, 0.2) THEN 'https://www.' "
            "|| lower(pick(v_bio_word(), i, 0, 182)) || 'data.org/request' END",
            "plan_to_share_ipd": "ipd",
            "plan_to_share_ipd_description": "CASE WHEN ipd IS NOT NULL AND chance(i, 0, 183, 0.6)"
            " THEN para(i, 0, 184, 1 + hn(i, 0, 185, 3)) END",
            "created_at": "strftime(created, '%Y-%m-%d %H:%M:%S')",
            "updated_at": "strftime(created + to_seconds(hn(i, 0, 186, 600)), '%Y-%m-%d %H:%M:%S')",
            "source_class": "sponsor_class(i, 0)",
            "delayed_posting": "CASE WHEN chance(i, 0, 187, 0.005) THEN 'Yes' END",
            "expanded_access_nctid": "CASE WHEN expanded = 't' "
            "THEN nct(hn(i, 0, 188, 6400000)) END",
            "expanded_access_status_for_nctid": "CASE WHEN expanded = 't' THEN pick(['Available', "
            "'No longer available', 'Approved for marketing', 'Temporarily not available'], "
            "i, 0, 189) END",
            "fdaaa801_violation": "CASE WHEN chance(i, 0, 190, 0.002) THEN 't' END",
            "baseline_type_units_analyzed": "CASE WHEN has_results AND chance(i, 0, 191, 0.02) "
            "THEN pick(['Participants', 'Eyes', 'Knees'], i, 0, 192) END",
            # AACT's 2024 columns are left empty (as in exports made before them), so files of
            # this GENERATOR_VERSION written without them hold the same data
            "patient_registry": "NULL",
        },
    )

    def per_study(count: str, base: str, extra: str = "") -> str:
        cols = "i, nct_id, n_int, n_dg, interventional, has_results, arms" + extra
        return f"(SELECT {cols}, {base}, unnest(range({count})) AS j FROM sp WHERE {count} > 0)"

    tables["conditions"] = TableSql(
        per_study("n_cond", "cond_base"),
        {
            "id": "cond_base + j",
            "nct_id": "nct_id",
            "name": "cond_name(i, j)",
            "downcase_name": "lower(cond_name(i, j))",
        },
    )
    tables["interventions"] = TableSql(
        per_study("n_int", "int_base"),
        {
            "id": "int_base + j",
            "nct_id": "nct_id",
            "intervention_type": "int_type(i, j)",
            "name": "int_name(i, j)",
            "description": "CASE WHEN chance(i, j, 300, 0.001) THEN '' "
            "WHEN chance(i, j, 301, 0.72) THEN odd(i, j, 302, para(i, j, 303, 1)) END",
        },
    )
    mesh_list = "least(n, 1 + hn(i, 0, 310, 3))"
    tables["browse_conditions"] = TableSql(
        per_study("n_bc", "bc_base, n_bc AS n"),
        {
            "id": "bc_base + j",
            "nct_id": "nct_id",
            "mesh_term": f"CASE WHEN j < {mesh_list} THEN cond_base(i, j) "
            "ELSE zpick(v_mesh_cond_anc(), i, j, 311, 1.5) END",
            "downcase_mesh_term": f"lower(CASE WHEN j < {mesh_list} THEN cond_base(i, j) "
            "ELSE zpick(v_mesh_cond_anc(), i, j, 311, 1.5) END)",
            "mesh_type": f"CASE WHEN j < {mesh_list} THEN 'mesh-list' ELSE 'mesh-ancestor' END",
        },
    )
    tables["browse_interventions"] = TableSql(
        per_study("n_bi", "bi_base, n_bi AS n"),
        {
            "id": "bi_base + j",
            "nct_id": "nct_id",
            "mesh_term": f"CASE WHEN j < {mesh_list} THEN zpick(v_drug(), i, j, 312, 2.0) "
            "ELSE zpick(v_mesh_int_anc(), i, j, 313, 1.5) END",
            "downcase_mesh_term": f"lower(CASE WHEN j < {mesh_list} THEN "
            "zpick(v_drug(), i, j, 312, 2.0) ELSE zpick(v_mesh_int_anc(), i, j, 313, 1.5) END)",
            "mesh_type": f"CASE WHEN j < {mesh_list} THEN 'mesh-list' ELSE 'mesh-ancestor' END",
        },
    )
    group_type = (
        "CASE WHEN j = 0 AND interventional THEN 'Experimental' "
        "WHEN interventional THEN pick(v_group_type(), i, j, 320) END"
    )
    tables["design_groups"] = TableSql(
        per_study("n_dg", "dg_base"),
        {
            "id": "dg_base + j",
            "nct_id": "nct_id",
            "group_type": group_type,
            "title": f"CASE WHEN {group_type} = 'Placebo Comparator' THEN 'Placebo' "
            "WHEN interventional THEN 'Arm ' || chr(65 + CAST(j % 26 AS INTEGER)) || ': ' "
            "|| int_name(i, j % n_int) ELSE 'Cohort ' || CAST(j + 1 AS VARCHAR) || ': ' "
            "|| cond_name(i, 0) END",
            "description": "CASE WHEN NOT chance(i, j, 321, 0.08) "
            "THEN odd(i, j, 322, para(i, j, 323, 1 + hn(i, j, 324, 3))) END",
        },
    )
    tables["design_group_interventions"] = TableSql(
        "(SELECT * FROM "
        + per_study("n_dgi_slots", "dgi_base, int_base, dg_base")
        + " WHERE j % 2 = 0 OR (n_dg >= 2 AND chance(i, j // 2, 330, 0.36)))",
        {
            "id": "dgi_base + j",
            "nct_id": "nct_id",
            "design_group_id": "dg_base + (j // 2 + j % 2) % n_dg",
            "intervention_id": "int_base + j // 2",
        },
    )
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
            f"last_day({_date_plus(snap, 'hn(i, o, 355, 700)')}) END",
            "anticipated_posting_month_year": "CASE WHEN chance(i, o, 354, 0.01) THEN "
            f"strftime({_date_plus(snap, 'hn(i, o, 355, 700)')}, '%Y-%m') END",
            "units": "units",
            "units_analyzed": "CASE WHEN chance(i, o, 356, 0.03) THEN "
            "pick(['Eyes', 'Lesions', 'Teeth', 'Knees'], i, o, 357) END",
            "dispersion_type": "dispersion_type",
            "param_type": "param_type",
        },
    )
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
    country_count = len(COUNTRIES)
    tables["countries"] = TableSql(
        per_study("n_cty", "cty_base"),
        {
            "id": "cty_base + j",
            "nct_id": "nct_id",
            "name": f"v_country()[(pick(v_country_start(), i, 0, 600) + j * 7) % {country_count}"
            " + 1]",
            "removed": "tf(chance(i, j, 601, 0.06))",
        },
    )
    tables["sponsors"] = TableSql(
        per_study("n_sp", "sp_base"),
        {
            "id": "sp_base + j",
            "nct_id": "nct_id",
            "agency_class": "sponsor_class(i, j)",
            "lead_or_collaborator": "CASE WHEN j = 0 THEN 'lead' ELSE 'collaborator' END",
            "name": "sponsor_name(i, j)",
        },
    )
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


def _select(table: str, spec: TableSql, columns: list[tuple[str, str]]) -> str:
    """The SELECT writing `table`: AACT's columns in DDL order, each from its expression."""
    wanted = [name for name, _ in columns]
    unknown = sorted(set(spec.columns) - set(wanted))
    missing = [name for name in wanted if name not in spec.columns]
    if unknown or missing:
        raise RuntimeError(
            f"{table}: generator columns do not match AACT's DDL "
            f"(missing {missing}, not in DDL {unknown})"
        )
    exprs = []
    for name, kind in columns:
        expr = spec.columns[name]
        if kind == "integer":
            expr = f"CAST({expr} AS BIGINT)"
        elif kind == "float":
            expr = f"num(CAST({expr} AS DOUBLE))"  # 95 not 95.0, as PostgreSQL prints
        elif kind == "date":
            expr = f"CAST({expr} AS DATE)"
        exprs.append(f'{expr} AS "{name}"')
    return "SELECT\n    " + ",\n    ".join(exprs) + f"\nFROM {spec.source}"


# --- generate -----------------------------------------------------------------------------------
