"""The protocol tables of a study: conditions, interventions and their other names, MeSH browse
terms, arms and their interventions, registered outcome measures, countries, sponsors (one row
per child, `j` from 0, ids from the plan)."""

from __future__ import annotations

from bench.scalegen.table_sql import TableSql, per_study
from bench.scalegen.vocab import COUNTRIES


def protocol_tables() -> dict[str, TableSql]:
    return {
        **_condition_and_intervention_tables(),
        **_browse_tables(),
        **_design_tables(),
        **_registered_outcome_tables(),
        **_country_and_sponsor_tables(),
    }


def _condition_and_intervention_tables() -> dict[str, TableSql]:
    tables: dict[str, TableSql] = {}
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
    # about 0.6 other names per intervention (AACT's ratio): a first one for 42 %, a second for
    # 43 % of those
    tables["intervention_other_names"] = TableSql(
        "(SELECT * FROM "
        + per_study("n_ion_slots", "ion_base, int_base")
        + " WHERE chance(i, j // 2, 385, 0.42) AND (j % 2 = 0 OR chance(i, j // 2, 386, 0.43)))",
        {
            "id": "ion_base + j",
            "nct_id": "nct_id",
            "intervention_id": "int_base + j // 2",
            "name": "other_name(i, j // 2, j % 2)",
        },
    )
    return tables


def _browse_tables() -> dict[str, TableSql]:
    tables: dict[str, TableSql] = {}
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
    return tables


def _design_tables() -> dict[str, TableSql]:
    tables: dict[str, TableSql] = {}
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
    return tables


def _registered_outcome_tables() -> dict[str, TableSql]:
    """The outcome measures the protocol registers, every study with or without results: the
    first primary, then mostly secondary; measures, time frames and descriptions as long as
    the results' outcomes."""
    return {
        "design_outcomes": TableSql(
            per_study("n_do", "do_base"),
            {
                "id": "do_base + j",
                "nct_id": "nct_id",
                "outcome_type": "CASE WHEN j = 0 OR chance(i, j, 801, 0.2) THEN 'primary' "
                "WHEN chance(i, j, 802, 0.12) THEN 'other' ELSE 'secondary' END",
                "measure": "replace(replace(pick(v_outcome_title(), i, j, 803), "
                "'{M}', pick(v_measure(), i, j, 804)), "
                "'{N}', CAST(4 * (1 + hn(i, j, 805, 26)) AS VARCHAR))",
                "time_frame": "pick(v_time_frame(), i, j, 806) || CASE WHEN chance(i, j, 807, 0.4) "
                "THEN ', assessed at each visit up to ' "
                "|| CAST(4 * (1 + hn(i, j, 808, 40)) AS VARCHAR) || ' weeks' ELSE '' END",
                "population": "NULL",
                "description": "CASE WHEN NOT chance(i, j, 809, 0.1) "
                "THEN odd(i, j, 810, para(i, j, 811, 1 + hn(i, j, 812, 4))) END",
            },
        )
    }


def _country_and_sponsor_tables() -> dict[str, TableSql]:
    tables: dict[str, TableSql] = {}
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
    return tables
