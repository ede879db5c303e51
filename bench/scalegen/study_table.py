"""The studies table: a study's dates, status, titles and flags, drawn from its plan row (`sp`)
in the order a record's life runs (submitted, started, completed, results, last update)."""

from __future__ import annotations

from bench.scalegen.layout import SNAPSHOT
from bench.scalegen.table_sql import TableSql, date_plus

LU = "lu"  # the last update date, a column of the source
HAS_COMPLETION = "NOT chance(i, 0, 147, 0.02)"


def studies_table(studies: int) -> TableSql:
    return TableSql(
        f"(SELECT *, {_last_update()} AS lu FROM {_study_source(studies)})",
        {**_date_columns(), **_other_columns()},
    )


def _study_source(studies: int) -> str:
    """The plan rows with the dates and draws the columns share."""
    snap = SNAPSHOT
    return f"""(
        SELECT
            *,
            CASE WHEN has_results THEN pick(v_status_results(), i, 0, 110)
                 WHEN pcd < DATE '2023-01-01' THEN pick(v_status_past(), i, 0, 110)
                 ELSE pick(v_status_future(), i, 0, 110) END AS status,
            CASE WHEN has_results THEN least(res_sub0, {snap} - 60 - hi(i, 0, 111, 200))
                 END AS res_sub,
            CASE WHEN NOT has_results AND pcd < {snap} - 120 AND chance(i, 0, 112, 0.03)
                 THEN {date_plus("pcd", "hn(i, 0, 113, 100)")} END AS disp_sub,
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
                {date_plus("sub", "hn(i, 0, 101, 500) - 250")} AS st,
                {date_plus("sub", "hn(i, 0, 101, 500) - 250 + dur")} AS pcd,
                {date_plus("sub", "hn(i, 0, 101, 500) - 250 + dur + hn(i, 0, 103, 400)")} AS cd,
                {date_plus("sub", "hn(i, 0, 101, 500) - 250 + dur + 200 + hn(i, 0, 104, 400)")}
                    AS res_sub0,
                int_name(i, 0) AS d0,
                cond_name(i, 0) AS c0
            FROM (
                SELECT
                    *,
                    {date_plus("DATE '1999-09-15'", f"floor(sqrt((i + 0.5) / {studies}) * 9000)")}
                        AS sub,
                    120 + CAST(floor(pow(hu(i, 0, 102), 1.6) * 2600) AS INTEGER) AS dur
                FROM sp
            )
        )
    )"""


def _last_update() -> str:
    """After everything else that happened, before the snapshot."""
    snap = SNAPSHOT
    return (
        f"least({snap} - 4 - hi(i, 0, 130, 5), greatest({date_plus('sub', '30')}, "
        f"coalesce({date_plus('res_sub', '40')}, sub), "
        f"{date_plus('sub', f'hn(i, 0, 131, greatest(1, {snap} - sub))')}))"
    )


def _posted_type(date: str) -> str:
    return (
        f"CASE WHEN {date} IS NULL THEN NULL WHEN {date} >= DATE '2017-01-18' "
        f"THEN 'Actual' ELSE 'Estimate' END"
    )


def _month_year(date: str) -> str:
    return (
        f"CASE WHEN {date} IS NULL THEN NULL WHEN era = 'old' THEN strftime({date}, '%B %Y') "
        f"ELSE strftime({date}, '%B %-d, %Y') END"
    )


def _month_date(date: str) -> str:
    return f"CASE WHEN era = 'old' THEN last_day({date}) ELSE {date} END"


def _actual(date: str) -> str:
    return (
        f"CASE WHEN {date} IS NULL THEN NULL WHEN {date} < {SNAPSHOT} THEN 'Actual' "
        "ELSE 'Anticipated' END"
    )


def _date_columns() -> dict[str, str]:
    snap, lu, has_cd = SNAPSHOT, LU, HAS_COMPLETION
    return {
        "nct_id": "nct_id",
        "nlm_download_date_description": "CASE WHEN chance(i, 0, 140, 0.05) THEN "
        "'ClinicalTrials.gov processed this data on May 31, 2024' END",
        "study_first_submitted_date": "sub",
        "results_first_submitted_date": "res_sub",
        "disposition_first_submitted_date": "disp_sub",
        "last_update_submitted_date": lu,
        "study_first_submitted_qc_date": date_plus("sub", "hn(i, 0, 141, 20)"),
        "study_first_posted_date": date_plus("sub", "hn(i, 0, 141, 20) + 1 + hn(i, 0, 142, 4)"),
        "study_first_posted_date_type": _posted_type("sub"),
        "results_first_submitted_qc_date": date_plus("res_sub", "hn(i, 0, 143, 30)"),
        "results_first_posted_date": date_plus("res_sub", "hn(i, 0, 143, 30) + 2"),
        "results_first_posted_date_type": _posted_type("res_sub"),
        "disposition_first_submitted_qc_date": date_plus("disp_sub", "hn(i, 0, 144, 10)"),
        "disposition_first_posted_date": date_plus("disp_sub", "hn(i, 0, 144, 10) + 2"),
        "disposition_first_posted_date_type": _posted_type("disp_sub"),
        "last_update_submitted_qc_date": lu,
        "last_update_posted_date": date_plus(lu, "1 + hn(i, 0, 145, 3)"),
        "last_update_posted_date_type": _posted_type(lu),
        "start_month_year": _month_year("st"),
        "start_date_type": "CASE WHEN era = 'new' THEN "
        f"CASE WHEN st < {snap} THEN 'Actual' ELSE 'Anticipated' END END",
        "start_date": _month_date("st"),
        "verification_month_year": f"strftime({date_plus(lu, '-hn(i, 0, 146, 60)')}, '%B %Y')",
        "verification_date": f"last_day({date_plus(lu, '-hn(i, 0, 146, 60)')})",
        "completion_month_year": f"CASE WHEN {has_cd} THEN {_month_year('cd')} END",
        "completion_date_type": f"CASE WHEN {has_cd} THEN {_actual('cd')} END",
        "completion_date": f"CASE WHEN {has_cd} THEN {_month_date('cd')} END",
        "primary_completion_month_year": _month_year("pcd"),
        "primary_completion_date_type": _actual("pcd"),
        "primary_completion_date": _month_date("pcd"),
    }


def _other_columns() -> dict[str, str]:
    return {
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
        "expanded_access_nctid": "CASE WHEN expanded = 't' THEN nct(hn(i, 0, 188, 6400000)) END",
        "expanded_access_status_for_nctid": "CASE WHEN expanded = 't' THEN pick(['Available', "
        "'No longer available', 'Approved for marketing', 'Temporarily not available'], "
        "i, 0, 189) END",
        "fdaaa801_violation": "CASE WHEN chance(i, 0, 190, 0.002) THEN 't' END",
        "baseline_type_units_analyzed": "CASE WHEN has_results AND chance(i, 0, 191, 0.02) "
        "THEN pick(['Participants', 'Eyes', 'Knees'], i, 0, 192) END",
        # AACT's 2024 columns are left empty (as in exports made before them), so files of
        # this GENERATOR_VERSION written without them hold the same data
        "patient_registry": "NULL",
    }
