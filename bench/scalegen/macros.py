"""DuckDB macros for deterministic pseudo-random draws, and the per-study and per-outcome plans
(row counts and id offsets) every table is generated from."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

from bench.scalegen.layout import ID_BASE
from bench.scalegen.texts import (
    ACRONYM_PARTS,
    ADVERSE_EVENTS,
    AE_DESCRIPTIONS,
    AE_TERMS_MAX,
    AE_TIME_FRAMES,
    ANALYSIS_PARAMS,
    BRIEF_TITLES,
    BRIEF_TITLES_OBSERVATIONAL,
    CATEGORY_SETS,
    FREQUENCIES,
    MEASURES,
    METHODS,
    NA_EXPLANATIONS,
    NON_INFERIORITY,
    OFFICIAL_TITLES,
    OFFICIAL_TITLES_OBSERVATIONAL,
    PARAM_DISPERSION,
    POPULATION_PHRASES,
    POPULATIONS,
    ROUTES,
    SENTENCE_TEMPLATES,
    SHORT_TEXTS,
    TIME_FRAMES,
    TIME_LABELS,
    TITLE_PATTERNS,
    UNITS,
)
from bench.scalegen.vocab import (
    BEHAVIORALS,
    BIOTECH_SUFFIXES,
    BIOTECH_WORDS,
    CITIES,
    CODE_PREFIXES,
    CONDITION_CONTEXTS,
    CONDITION_COURSES,
    CONDITION_QUALIFIERS,
    CONDITION_STAGES,
    CONDITION_SUFFIXES,
    CONDITIONS,
    COUNTRIES,
    COUNTRY_START_WEIGHTS,
    DEVICES,
    DIAGNOSTICS,
    DRUGS,
    GOV,
    GROUP_TYPES,
    INSTITUTION_PATTERNS,
    INTERVENTION_TYPES,
    INTERVENTION_VARIANTS,
    LAST_KNOWN,
    MESH_CONDITION_ANCESTORS,
    MESH_INTERVENTION_ANCESTORS,
    NETWORKS,
    NIH,
    OTHERS,
    PEOPLE,
    PHARMA,
    PHASES,
    PLACEBOS,
    PROCEDURES,
    RADIATIONS,
    SPONSOR_CLASSES_COLLAB,
    SPONSOR_CLASSES_LEAD,
    STATUS_FUTURE,
    STATUS_PAST,
    STATUS_RESULTS,
    SUPPLEMENTS,
    WHY_STOPPED,
)


def _weighted(weights: dict) -> list:
    """A list where each key appears `weight` times: picking a uniform element honours weights."""
    out: list = []
    for value, weight in weights.items():
        out.extend([value] * weight)
    return out


def _sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if any(c in text for c in '|"#\n\r'):
        raise ValueError(f"vocabulary entry {text!r} would need quoting in the flat files")
    return "'" + text.replace("'", "''") + "'"


def _sql_list(values: Iterable) -> str:
    values = list(values)
    if all(v is None for v in values):
        return "CAST([" + ", ".join("NULL" for _ in values) + "] AS VARCHAR[])"
    return "[" + ", ".join(_sql_literal(v) for v in values) + "]"


def _sentence_pool(seed: int, size: int = 1024) -> list[str]:
    """Sentences for descriptions, drawn once per seed (random.Random(int) is stable across
    Python versions)."""
    rng = random.Random(seed * 7919 + 17)
    pool = []
    for _ in range(size):
        template = rng.choice(SENTENCE_TEMPLATES)
        pop = rng.choice(POPULATION_PHRASES)
        pool.append(
            template.format(
                drug=rng.choice(DRUGS),
                drug2=rng.choice(DRUGS),
                dose=rng.choice((5, 10, 20, 25, 50, 75, 100, 150, 200, 250, 400, 500, 1000)),
                route=rng.choice(ROUTES),
                freq=rng.choice(FREQUENCIES),
                n=rng.randint(2, 52),
                v=rng.choice((3, 4, 5)),
                cond=rng.choice(CONDITIONS).lower(),
                measure=rng.choice(MEASURES),
                pop=pop,
                pop_cap=pop[0].upper() + pop[1:],
                big=rng.choice((10, 21, 27, 52, 63, 100)),
            )
        )
    return pool


def _exp_mean(extra: float) -> float:
    """Scale of an exponential whose floor has mean `extra` (floor(X) is geometric)."""
    return 1.0 / math.log(1.0 + 1.0 / extra)


# --- DuckDB macros ------------------------------------------------------------------------------


def macros(seed: int) -> list[str]:
    """Deterministic pseudo-random helpers; every draw is a hash of (key, key, salt, seed)."""
    return _vocabulary_macros(seed) + _draw_macros(seed) + _name_macros()


def _vocabulary_macros(seed: int) -> list[str]:
    """`v_<name>()`: each word list as a DuckDB list (weighted lists repeat their entries)."""
    vocab = {
        "v_cond": CONDITIONS,
        "v_cond_qual": CONDITION_QUALIFIERS,
        "v_cond_suffix": CONDITION_SUFFIXES,
        "v_cond_stage": CONDITION_STAGES,
        "v_cond_course": CONDITION_COURSES,
        "v_cond_context": CONDITION_CONTEXTS,
        "v_int_variant": INTERVENTION_VARIANTS,
        "v_placebo": PLACEBOS,
        "v_drug": DRUGS,
        "v_code": CODE_PREFIXES,
        "v_device": DEVICES,
        "v_behavioral": BEHAVIORALS,
        "v_procedure": PROCEDURES,
        "v_radiation": RADIATIONS,
        "v_supplement": SUPPLEMENTS,
        "v_diagnostic": DIAGNOSTICS,
        "v_other": OTHERS,
        "v_int_type": _weighted(INTERVENTION_TYPES),
        "v_mesh_cond_anc": MESH_CONDITION_ANCESTORS,
        "v_mesh_int_anc": MESH_INTERVENTION_ANCESTORS,
        "v_country": COUNTRIES,
        "v_country_start": _weighted(
            {**{i: 1 for i in range(len(COUNTRIES))}, **COUNTRY_START_WEIGHTS}
        ),
        "v_city": CITIES,
        "v_person": PEOPLE,
        "v_institution": INSTITUTION_PATTERNS,
        "v_pharma": PHARMA,
        "v_bio_word": BIOTECH_WORDS,
        "v_bio_suffix": BIOTECH_SUFFIXES,
        "v_nih": NIH,
        "v_gov": GOV,
        "v_network": NETWORKS,
        "v_class_lead": _weighted(SPONSOR_CLASSES_LEAD),
        "v_class_collab": _weighted(SPONSOR_CLASSES_COLLAB),
        "v_status_past": _weighted(STATUS_PAST),
        "v_status_future": _weighted(STATUS_FUTURE),
        "v_status_results": _weighted(STATUS_RESULTS),
        "v_last_known": LAST_KNOWN,
        "v_phase": _weighted(PHASES),
        "v_group_type": _weighted(GROUP_TYPES),
        "v_why_stopped": WHY_STOPPED,
        "v_acronym": ACRONYM_PARTS,
        "v_measure": MEASURES,
        "v_outcome_title": TITLE_PATTERNS,
        "v_param_disp": _weighted(PARAM_DISPERSION),
        "v_units": UNITS,
        "v_cat_set": CATEGORY_SETS,
        "v_time_label": TIME_LABELS,
        "v_time_frame": TIME_FRAMES,
        "v_population": POPULATIONS,
        "v_na": NA_EXPLANATIONS,
        "v_method": METHODS,
        "v_an_param": ANALYSIS_PARAMS,
        "v_ni": _weighted(NON_INFERIORITY),
        "v_brief_title": BRIEF_TITLES,
        "v_official_title": OFFICIAL_TITLES,
        "v_brief_title_obs": BRIEF_TITLES_OBSERVATIONAL,
        "v_official_title_obs": OFFICIAL_TITLES_OBSERVATIONAL,
        "v_sent": _sentence_pool(seed),
        "v_ae_system": [system for system, _ in ADVERSE_EVENTS],
        "v_ae_term": [term for _, term in ADVERSE_EVENTS],
        "v_ae_time_frame": AE_TIME_FRAMES,
        "v_ae_description": AE_DESCRIPTIONS,
        **{f"v_{name}": texts for name, texts in SHORT_TEXTS.items()},
    }
    return [f"CREATE MACRO {name}() AS {_sql_list(values)}" for name, values in vocab.items()]


def _draw_macros(seed: int) -> list[str]:
    """Draws: hashes to integers, doubles, chances and picks; number and text formats."""
    return [
        # hash → integer in [0, n), uniform double in [0, 1)
        f"CREATE MACRO hh(a, b, c) AS hash(a, b, c, {int(seed)})",
        "CREATE MACRO hn(a, b, c, n) AS CAST(hh(a, b, c) % CAST(n AS UBIGINT) AS BIGINT)",
        "CREATE MACRO hi(a, b, c, n) AS CAST(hh(a, b, c) % CAST(n AS UBIGINT) AS INTEGER)",
        "CREATE MACRO hu(a, b, c) AS CAST(hh(a, b, c) >> 11 AS DOUBLE) / 9007199254740992.0",
        "CREATE MACRO chance(a, b, c, p) AS hu(a, b, c) < p",
        "CREATE MACRO pick(lst, a, b, c) AS lst[hn(a, b, c, len(lst)) + 1]",
        # skewed pick: low indexes (the list's head) much more often than the tail
        "CREATE MACRO zpick(lst, a, b, c, s) AS "
        "lst[CAST(floor(pow(hu(a, b, c), s) * len(lst)) AS BIGINT) + 1]",
        # lo + geometric count (floor of an exponential of scale mu), capped at hi
        "CREATE MACRO cnt(a, b, c, lo, mu, hi) AS "
        "least(hi, lo + CAST(floor(-ln(1.0 - hu(a, b, c)) * mu) AS BIGINT))",
        "CREATE MACRO tf(x) AS CASE WHEN x THEN 't' WHEN NOT x THEN 'f' END",
        # a number as PostgreSQL prints it: 95 not 95.0
        "CREATE MACRO num(x) AS CASE WHEN x = trunc(x) THEN CAST(CAST(x AS BIGINT) AS VARCHAR) "
        "ELSE CAST(x AS VARCHAR) END",
        "CREATE MACRO code(prefix, g) AS prefix || lpad(CAST(g AS VARCHAR), 3, '0')",
        "CREATE MACRO nct(k) AS 'NCT' || lpad(CAST(k AS VARCHAR), 8, '0')",
        # 1 to 6 sentences of the pool
        "CREATE MACRO para(a, b, c, n) AS concat_ws(' ', pick(v_sent(), a, b, c), "
        + ", ".join(
            f"CASE WHEN n > {k} THEN pick(v_sent(), a, b, c + {k * 1000}) END" for k in range(1, 6)
        )
        + ")",
        # about 1 value in 2,000 gets a quote, a '|' and a line break: CSV quoting is exercised
        "CREATE MACRO odd(a, b, c, s) AS CASE WHEN s IS NOT NULL AND hn(a, b, c + 77, 2000) = 0 "
        "THEN s || ' (arm \"B\" | cohort 2)' || chr(10) || 'See protocol amendment 3.' ELSE s END",
    ]


def _name_macros() -> list[str]:
    """Per-study draws shared by several tables: condition, intervention, sponsor and arm names,
    arm sizes, acronyms."""
    return [
        # per-study draws shared by several tables (so titles, sources and children agree)
        # a condition: its MeSH-like base term (what the study's browse term names), and the
        # label the registrant wrote: the base as it is, qualified, staged as oncology records
        # stage it, numbered, or with free-text context (the long tail of distinct labels)
        "CREATE MACRO cond_base(i, j) AS zpick(v_cond(), i, j, 31, 1.5)",
        "CREATE MACRO cond_name(i, j) AS CASE "
        "WHEN hn(i, j, 30, 100) < 52 THEN cond_base(i, j) "
        "WHEN hn(i, j, 30, 100) < 66 THEN pick(v_cond_qual(), i, j, 32) || ' ' || cond_base(i, j) "
        "WHEN hn(i, j, 30, 100) < 74 THEN 'Stage ' || pick(v_cond_stage(), i, j, 36) || ' ' "
        "|| cond_base(i, j) || ' AJCC v' || CAST(6 + hn(i, j, 37, 3) AS VARCHAR) "
        "WHEN hn(i, j, 30, 100) < 80 THEN pick(v_cond_course(), i, j, 38) || ' ' "
        "|| cond_base(i, j) "
        "WHEN hn(i, j, 30, 100) < 88 THEN cond_base(i, j) || ', ' "
        "|| pick(v_cond_suffix(), i, j, 34) "
        "|| ' ' || CAST(1 + hn(i, j, 35, 40) AS VARCHAR) "
        "WHEN hn(i, j, 30, 100) < 95 THEN cond_base(i, j) || ' ' "
        "|| pick(v_cond_context(), i, j, 39) "
        "ELSE cond_base(i, j) || ' With ' || pick(v_cond(), i, j, 33) END",
        "CREATE MACRO int_type(i, j) AS pick(v_int_type(), i, j, 40)",
        "CREATE MACRO drug_name(i, j) AS CASE "
        "WHEN hn(i, j, 41, 100) < 14 THEN pick(v_placebo(), i, j, 42) "
        "WHEN hn(i, j, 41, 100) < 80 THEN zpick(v_drug(), i, j, 43, 1.3) "
        "WHEN hn(i, j, 41, 100) < 94 THEN pick(v_code(), i, j, 44) || '-' "
        "|| CAST(100 + hn(i, j, 45, 99900) AS VARCHAR) "
        # a name with its dose or form, as many records write it
        "ELSE zpick(v_drug(), i, j, 43, 1.3) || ' ' "
        "|| CAST(5 * (1 + hn(i, j, 47, 200)) AS VARCHAR) "
        "|| pick([' mg', ' mg/kg', ' mcg', ' mg/m2', ' mg Tablet', ' mg Injection'], i, j, 48) END",
        # a non-drug intervention: a name of its type, for 4 in 10 with a registrant's variant
        "CREATE MACRO variant(i, j, s) AS s || CASE WHEN chance(i, j, 49, 0.4) THEN ' ' "
        "|| pick(v_int_variant(), i, j, 49) || ' ' || CAST(1 + hn(i, j, 49, 60) AS VARCHAR) "
        "ELSE '' END",
        "CREATE MACRO int_name(i, j) AS CASE int_type(i, j) "
        "WHEN 'DRUG' THEN drug_name(i, j) WHEN 'BIOLOGICAL' THEN drug_name(i, j) "
        "WHEN 'DEVICE' THEN variant(i, j, pick(v_device(), i, j, 46)) "
        "WHEN 'BEHAVIORAL' THEN variant(i, j, pick(v_behavioral(), i, j, 46)) "
        "WHEN 'PROCEDURE' THEN variant(i, j, pick(v_procedure(), i, j, 46)) "
        "WHEN 'RADIATION' THEN variant(i, j, pick(v_radiation(), i, j, 46)) "
        "WHEN 'DIETARY_SUPPLEMENT' THEN variant(i, j, pick(v_supplement(), i, j, 46)) "
        "WHEN 'DIAGNOSTIC_TEST' THEN variant(i, j, pick(v_diagnostic(), i, j, 46)) "
        "ELSE variant(i, j, pick(v_other(), i, j, 46)) END",
        # another name of intervention k (its slot s, 0 or 1), as registrants list them: for a
        # drug a name of the drug vocabulary (a code's INN, a brand) or a sponsor code; else a
        # name of the other-intervention vocabulary
        "CREATE MACRO other_name(i, k, s) AS CASE WHEN int_type(i, k) IN ('DRUG', 'BIOLOGICAL') "
        "THEN CASE WHEN chance(i, k * 2 + s, 380, 0.5) "
        "THEN zpick(v_drug(), i, k * 2 + s, 381, 1.3) "
        "ELSE pick(v_code(), i, k * 2 + s, 382) || '-' "
        "|| CAST(100 + hn(i, k * 2 + s, 383, 99900) AS VARCHAR) END "
        "ELSE pick(v_other(), i, k * 2 + s, 384) END",
        "CREATE MACRO sponsor_class(i, j) AS CASE WHEN j = 0 THEN pick(v_class_lead(), i, j, 50) "
        "ELSE pick(v_class_collab(), i, j, 50) END",
        "CREATE MACRO sponsor_name(i, j) AS CASE sponsor_class(i, j) "
        "WHEN 'INDUSTRY' THEN CASE WHEN chance(i, j, 51, 0.6) "
        "THEN zpick(v_pharma(), i, j, 52, 1.6) "
        "ELSE pick(v_bio_word(), i, j, 53) || lower(pick(v_bio_word(), i, j, 54)) || ' ' "
        "|| pick(v_bio_suffix(), i, j, 55) END "
        "WHEN 'NIH' THEN pick(v_nih(), i, j, 56) "
        "WHEN 'OTHER_GOV' THEN pick(v_gov(), i, j, 56) WHEN 'FED' THEN pick(v_gov(), i, j, 56) "
        "WHEN 'NETWORK' THEN pick(v_network(), i, j, 56) "
        "WHEN 'INDIV' THEN pick(v_person(), i, j, 57) "
        "ELSE replace(pick(v_institution(), i, j, 58), '{X}', zpick(v_city(), i, j, 59, 1.5)) END",
        "CREATE MACRO arm_title(i, g, n_int) AS CASE WHEN chance(i, g, 60, 0.15) THEN 'Placebo' "
        "ELSE int_name(i, g % n_int) || CASE WHEN int_type(i, g % n_int) IN ('DRUG', 'BIOLOGICAL') "
        "AND chance(i, g, 61, 0.5) THEN ' ' || CAST(5 * (1 + hn(i, g, 62, 80)) AS VARCHAR) "
        "|| ' mg' ELSE '' END END",
        # participants of arm g of a study with results (10 to 500, most arms small): at risk of
        # its adverse events, and the most any of its outcomes analysed
        "CREATE MACRO arm_size(i, g) AS 10 + CAST(floor(pow(hu(i, g, 700), 3) * 491) AS BIGINT)",
        "CREATE MACRO acronym(i) AS pick(v_acronym(), i, 0, 63) || CASE WHEN chance(i, 0, 64, 0.5) "
        "THEN pick(v_acronym(), i, 0, 65) ELSE '-' || CAST(1 + hn(i, 0, 66, 9) AS VARCHAR) END",
    ]


# --- plans: per-study and per-outcome counts and id offsets ------------------------------------

# Mean extra rows above the minimum, tuned so the row counts per study match full AACT.
MEANS = {
    "cond": (1, 0.8, 40),  # (min, mean extra, max)
    "int": (1, 0.6, 30),
    "bc": (1, 4.0, 60),
    "bi": (0, 3.0, 40),
    "dg": (1, 0.9, 16),
    "cty": (0, 1.7, 60),
    "sp": (1, 0.6, 20),
    "do": (1, 5.0, 60),  # registered outcome measures: AACT has about 6 per study
    "out": (1, 9.5, 90),
    "cat": (1, 5.5, 40),
}


def _cnt(name: str, key: str, salt: int, key2: str = "0") -> str:
    lo, extra, hi = MEANS[name]
    return f"cnt({key}, {key2}, {salt}, {lo}, {_exp_mean(extra):.6f}, {hi})"


def _running(count: str, base: int, order: str) -> str:
    """First id of a row's children: consecutive ids, in `order`, from `base`."""
    return f"{base} + sum({count}) OVER (ORDER BY {order} ROWS UNBOUNDED PRECEDING) - {count}"


def plan_sql(studies: int) -> list[str]:
    """The plans every table is generated from: `sp` (one row per study), `op` (per outcome),
    `ap` (per outcome analysis), with row counts and first ids."""
    return [_study_plan(studies), _outcome_plan(), _analysis_plan()]


def _study_plan(studies: int) -> str:
    span = max(studies, 6_400_000)  # NCT numbers spread like real ones (NCT00000102…NCT064…)
    step = span // studies
    arms = _sql_list(_weighted({1: 25, 2: 45, 3: 18, 4: 8, 5: 3, 6: 1}))
    b = ID_BASE
    return f"""
    CREATE TABLE sp AS
    WITH draws AS (
        SELECT
            range AS i,
            nct(100 + (range * {span}) // {studies} + hn(range, 0, 1, {step})) AS nct_id,
            chance(range, 0, 2, 0.12) AS has_results,
            chance(range, 0, 3, 0.78) AS interventional,
            {_cnt("cond", "range", 4)} AS n_cond,
            {_cnt("int", "range", 5)} AS n_int,
            {_cnt("bc", "range", 6)} AS n_bc,
            {_cnt("bi", "range", 7)} AS n_bi,
            {_cnt("dg", "range", 8)} AS n_dg,
            {_cnt("cty", "range", 9)} AS n_cty,
            {_cnt("sp", "range", 10)} AS n_sp,
            {_cnt("do", "range", 800)} AS n_do,
            CAST(pick({arms}, range, 0, 11) AS BIGINT) AS arms
        FROM range({studies})
    ), counted AS (
        SELECT
            *,
            CASE WHEN has_results THEN {_cnt("out", "i", 12)} ELSE 0 END AS n_out,
            -- two id slots per intervention: its design group, and a second one for about 1
            -- intervention in 3 of studies with several groups (unused slots leave id gaps)
            2 * n_int AS n_dgi_slots,
            -- and two for its other names: AACT has about 0.6 per intervention
            2 * n_int AS n_ion_slots,
            CASE WHEN has_results THEN 5 + hn(i, 0, 720, {AE_TERMS_MAX - 4}) ELSE 0 END AS n_ae
        FROM draws
    ), grouped AS (
        SELECT
            *,
            CASE WHEN has_results THEN 3 * arms + 1 + n_out * arms ELSE 0 END AS n_rg,
            n_ae * arms AS n_re  -- one reported event per term and arm
        FROM counted
    )
    SELECT
        *,
        {_running("n_cond", b["conditions"], "i")} AS cond_base,
        {_running("n_int", b["interventions"], "i")} AS int_base,
        {_running("n_bc", b["browse_conditions"], "i")} AS bc_base,
        {_running("n_bi", b["browse_interventions"], "i")} AS bi_base,
        {_running("n_dg", b["design_groups"], "i")} AS dg_base,
        {_running("n_dgi_slots", b["design_group_interventions"], "i")} AS dgi_base,
        {_running("n_ion_slots", b["intervention_other_names"], "i")} AS ion_base,
        {_running("n_cty", b["countries"], "i")} AS cty_base,
        {_running("n_sp", b["sponsors"], "i")} AS sp_base,
        {_running("n_do", b["design_outcomes"], "i")} AS do_base,
        {_running("n_rg", b["result_groups"], "i")} AS rg_base,
        {_running("n_out", b["outcomes"], "i")} AS out_base,
        {_running("n_re", b["reported_events"], "i")} AS re_base
    FROM grouped
    ORDER BY i
    """


def _outcome_plan() -> str:
    b = ID_BASE
    return f"""
    CREATE TABLE op AS
    WITH expanded AS (
        SELECT i, nct_id, arms, rg_base, out_base, unnest(range(n_out)) AS o
        FROM sp WHERE n_out > 0
    ), drawn AS (
        SELECT
            *,
            out_base + o AS outcome_id,
            rg_base + 3 * arms + 1 + o * arms AS og_base,
            pick(v_param_disp(), i, o, 200) AS param_disp,
            chance(i, o, 201, 0.35) AS counts,
            pick(v_cat_set(), i, o, 202) AS cat_set,
            {_cnt("cat", "i", 203, "o")} AS n_cat,
            CASE WHEN arms >= 2 THEN cnt(i, o, 204, 0, {_exp_mean(0.5):.6f}, 8) ELSE 0 END
                AS n_an,
            pow(10, hn(i, o, 205, 4)) AS scale,
            replace(replace(pick(v_outcome_title(), i, o, 206),
                    '{{M}}', pick(v_measure(), i, o, 207)),
                '{{N}}', CAST(4 * (1 + hn(i, o, 208, 26)) AS VARCHAR)) AS title,
            CASE WHEN NOT chance(i, o, 209, 0.04)
                THEN odd(i, o, 210, para(i, o, 211, least(6, 3 + hn(i, o, 212, 5))))
                END AS description
        FROM expanded
    ), shaped AS (
        SELECT
            *,
            CASE WHEN counts THEN 'Count of Participants' ELSE split_part(param_disp, ';', 1) END
                AS param_type,
            CASE WHEN counts THEN NULL ELSE nullif(split_part(param_disp, ';', 2), '') END
                AS dispersion_type,
            CASE WHEN counts THEN 'Participants' ELSE pick(v_units(), i, o, 213) END AS units,
            len(string_split(cat_set, ';')) AS cat_n,
            n_cat * arms AS n_meas
        FROM drawn
    )
    SELECT
        *,
        {_running("n_meas", b["outcome_measurements"], "outcome_id")} AS meas_base,
        {_running("n_an", b["outcome_analyses"], "outcome_id")} AS an_base,
        {_running("arms", b["outcome_counts"], "outcome_id")} AS oc_base
    FROM shaped
    ORDER BY outcome_id
    """


def _analysis_plan() -> str:
    b = ID_BASE
    return f"""
    CREATE TABLE ap AS
    WITH expanded AS (
        SELECT i, nct_id, outcome_id, og_base, arms, an_base, unnest(range(n_an)) AS k
        FROM op WHERE n_an > 0
    ), drawn AS (
        SELECT
            *,
            an_base + k AS analysis_id,
            CASE WHEN arms > 2 AND chance(outcome_id, k, 220, 0.15) THEN arms ELSE 2 END AS n_grp,
            1 + hn(outcome_id, k, 221, arms - 1) AS second_group
        FROM expanded
    )
    SELECT *, {_running("n_grp", b["outcome_analysis_groups"], "analysis_id")} AS oag_base
    FROM drawn
    ORDER BY analysis_id
    """
