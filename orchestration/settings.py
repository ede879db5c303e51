"""Every user setting: its CTW_* variable, its one default, and what it means.

This table is the only place a default is written. The Dagster resources, the CLI's `--help`
and dbt's profile (which reads the resolved values `export_for_dbt` puts in the environment)
all take their values from here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
SAMPLE_AACT_DIR = Path(__file__).resolve().parent / "sample" / "aact"
SAMPLE_VOCAB_DIR = Path(__file__).resolve().parent / "sample" / "vocab"
TARGETS = ("duckdb", "postgres")
# The schemas dbt builds (dbt_project.yml `+schema`), beside the raw schema; a test keeps them in
# step.
DBT_SCHEMAS = ("staging", "intermediate", "marts")
SOURCE_KINDS = ("flatfiles", "postgres")
SOURCES = ("aact", "ctgov")
CTGOV_RAW_SCHEMA = "raw_ctgov"
REGISTRY_TIMEZONE = "America/New_York"  # ClinicalTrials.gov refreshes on weekdays, there
VOCAB_RAW_SCHEMA = "raw_vocab"  # MeSH, ChEMBL, PMDA (orchestration/vocab), loaded by every build
# `./warehouse` changes into the repository; it passes the caller's directory here so that
# relative paths a user types mean what they mean in their shell.
CALLER_CWD_ENV = "CTW_CALLER_CWD"


class SettingsError(ValueError):
    """A CTW_* variable holds a value the warehouse cannot use; the message names both."""


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str
    is_path: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("CTW_SOURCES", "aact", "sources of a build: aact, ctgov, or aact,ctgov"),
    Setting("CTW_AACT_SOURCE", "flatfiles", "AACT source: flatfiles or postgres"),
    Setting(
        "CTW_AACT_FLATFILES",
        str(SAMPLE_AACT_DIR),
        "folder or .zip of AACT <table>.txt files",
        is_path=True,
    ),
    Setting("CTW_AACT_ENCODING", "utf-8", "encoding of the flat files (e.g. latin-1, cp1252)"),
    Setting("CTW_AACT_PG_CONNINFO", "", "libpq conninfo of an AACT database"),
    Setting("CTW_AACT_PG_SCHEMA", "ctgov", "schema holding AACT's tables"),
    Setting(
        "CTW_AACT_SCHEDULE",
        "0 3 1 * *",
        "cron (America/New_York) of the Dagster monthly AACT reload (the job build_warehouse)",
    ),
    Setting(
        "CTW_AACT_INBOX",
        "",
        "folder Dagster watches: a YYYYMMDD_export_ctgov.zip dropped there is built and published",
        is_path=True,
    ),
    Setting("CTW_CTGOV_API_URL", "https://clinicaltrials.gov/api/v2", "ClinicalTrials.gov API v2"),
    Setting("CTW_CTGOV_PARAMS", "", "CT.gov selection as a URL query (empty: the whole registry)"),
    Setting("CTW_CTGOV_PAGE_SIZE", "1000", "studies per API page (at most 1000)"),
    Setting("CTW_CTGOV_RATE_PER_MINUTE", "50", "most API requests in any 60 s"),
    Setting(
        "CTW_CTGOV_MIRROR",
        str(REPO_ROOT / "data" / "ctgov_mirror.duckdb"),
        "local mirror of CT.gov records, kept between builds",
        is_path=True,
    ),
    Setting(
        "CTW_CTGOV_SCHEDULE",
        "0 7 * * 1-5",
        "cron (America/New_York) of the Dagster sync + build; on by default when ctgov is a source",
    ),
    Setting(
        "CTW_MESH_FILE",
        str(SAMPLE_VOCAB_DIR / "mesh_tree_numbers.tsv"),
        "MeSH tree numbers: a dhimmel/mesh tree-numbers .tsv or NLM descYYYY.xml[.gz]",
        is_path=True,
    ),
    Setting(
        "CTW_CHEMBL_FILES",
        "",
        "ChEMBL web-service JSON (drug_indication / molecule pages): a file or a folder",
        is_path=True,
    ),
    Setting("CTW_PMDA_FILE", "", "PMDA approved new drugs list (.xlsx)", is_path=True),
    Setting(
        "CTW_CTRP_TRIALS",
        "",
        "NCI CTRP trial sheet (YAML, one entry per NCT id); unset: no CTRP documents",
        is_path=True,
    ),
    Setting(
        "CTW_CTRP_DIR",
        str(REPO_ROOT / "data" / "ctrp"),
        "CTRP documents (<NCT id>/<Root>.xml) and their store ctrp.duckdb",
        is_path=True,
    ),
    Setting(
        "CTW_CTRP_BASE_URL",
        "https://trials.nci.nih.gov/services",
        "CTRP Trial Registration REST service",
    ),
    Setting("CTW_CTRP_USERNAME", "", "CTRP service user (HTTP Basic)"),
    Setting("CTW_CTRP_PASSWORD", "", "CTRP service password (HTTP Basic)"),
    Setting("CTW_TARGET", "duckdb", "warehouse: duckdb or postgres"),
    Setting(
        "CTW_DUCKDB_PATH",
        str(REPO_ROOT / "data" / "warehouse.duckdb"),
        "the live DuckDB warehouse file",
        is_path=True,
    ),
    Setting("CTW_DUCKDB_MEMORY_LIMIT", "2GB", "DuckDB memory_limit for loads and dbt"),
    Setting("CTW_DUCKDB_TEMP_DIR", "", "DuckDB spill directory (default: beside the build)", True),
    Setting("CTW_DBT_THREADS", "2", "dbt threads: how many models and tests run at once"),
    Setting(
        "CTW_PROGRESS_SECONDS",
        "5",
        "seconds between progress lines of a long step (not on a terminal: it shows bars)",
    ),
    Setting("CTW_PG_HOST", "127.0.0.1", "PostgreSQL warehouse host"),
    Setting("CTW_PG_PORT", "5432", "PostgreSQL warehouse port"),
    Setting("CTW_PG_USER", "postgres", "PostgreSQL warehouse user"),
    Setting("CTW_PG_PASSWORD", "", "PostgreSQL warehouse password"),
    Setting("CTW_PG_DATABASE", "ctwarehouse", "PostgreSQL warehouse database (must exist)"),
    Setting(
        "CTW_PG_DBT_OPTIONS",
        "-c work_mem=64MB -c hash_mem_multiplier=1 -c max_parallel_workers_per_gather=0 -c jit=off",
        "session settings of dbt's PostgreSQL connections (libpq PGOPTIONS syntax)",
    ),
    Setting(
        "CTW_PG_READER_ROLE",
        "ctwarehouse_reader",
        "PostgreSQL NOLOGIN role with SELECT on the live marts (grant it to login users)",
    ),
    Setting(
        "CTW_PG_SQL_USER",
        "ctwarehouse_sql",
        "login `./warehouse sql` uses on PostgreSQL: a member of the reader role only",
    ),
    Setting("CTW_PG_SQL_PASSWORD", "", "password of CTW_PG_SQL_USER"),
    Setting(
        "CTW_PG_LOCK_TIMEOUT",
        "10s",
        "longest a PostgreSQL build waits for a lock before it stops, naming who holds it",
    ),
    Setting(
        "CTW_DAGSTER_PG_DATABASE",
        "ctwarehouse_dagster",
        "`./warehouse serve`: PostgreSQL database of Dagster's runs, event log and schedules "
        "(created when missing)",
    ),
    Setting("CTW_DAGSTER_PG_HOST", "", "host of that database (unset: CTW_PG_HOST)"),
    Setting("CTW_DAGSTER_PG_PORT", "", "its port (unset: CTW_PG_PORT)"),
    Setting("CTW_DAGSTER_PG_USER", "", "its user (unset: CTW_PG_USER)"),
    Setting("CTW_DAGSTER_PG_PASSWORD", "", "its user's password (unset: CTW_PG_PASSWORD)"),
    Setting("CTW_RAW_SCHEMA", "raw_aact", "schema of the raw AACT tables"),
    Setting("CTW_MAX_STUDY_DROP", "5%", "largest allowed drop in studies vs the live warehouse"),
    Setting("CTW_KEEP_BUILDS", "3", "previous good builds kept for `./warehouse rollback`"),
    Setting(
        "CTW_MAX_SOURCE_LAG_DAYS",
        "2",
        "business days a source's data date may lag today before `source_is_current` warns",
    ),
    Setting(
        "CTW_RUN_FAILURE_LOG",
        str(REPO_ROOT / "data" / "run_failures.jsonl"),
        "JSON lines file: one record per failed Dagster run (what failed, the error, when)",
        is_path=True,
    ),
    Setting(
        "CTW_FAILURE_WEBHOOK_URL",
        "",
        "URL that receives each failed run's record as a JSON POST (unset: none is sent)",
    ),
)
SETTINGS_BY_ENV = {s.env: s for s in SETTINGS}


def caller_cwd() -> Path:
    return Path(os.environ.get(CALLER_CWD_ENV) or os.getcwd())


def resolve_user_path(value: str) -> str:
    """A path as the user meant it: relative to the directory they ran the command in."""
    if not value:
        return value
    return str((caller_cwd() / Path(value).expanduser()).resolve())


def get(env: str) -> str:
    """The value of a setting: the variable when set and not blank, else its default.

    Relative paths a user sets are resolved against the directory they ran the command in.
    """
    setting = SETTINGS_BY_ENV[env]
    value = os.environ.get(env, "").strip()
    if not value:
        return setting.default
    return resolve_user_path(value) if setting.is_path else value


def get_int(env: str) -> int:
    value = get(env)
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{env}={value!r}: expected a whole number") from None


def get_seconds(env: str) -> float:
    value = get(env)
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise SettingsError(f"{env}={value!r}: expected a number of seconds (0 or more)")
    return seconds


def choice(env: str, allowed: tuple[str, ...]) -> str:
    value = get(env)
    if value not in allowed:
        raise SettingsError(f"{env}={value!r}: choose one of {', '.join(allowed)}")
    return value


def fraction(env: str, value: str | None = None) -> float:
    """A share written as `5%` or `0.05` (the setting's value unless `value` is given)."""
    value = get(env) if value is None else value.strip()
    try:
        share = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        raise SettingsError(f"{env}={value!r}: expected a share such as 5% or 0.05") from None
    if not 0 <= share <= 1:
        raise SettingsError(f"{env}={value!r}: expected a share between 0% and 100%")
    return share


def sources() -> tuple[str, ...]:
    """The sources a build loads, in SOURCES order."""
    return parse_sources(get("CTW_SOURCES"))


def parse_sources(value: str) -> tuple[str, ...]:
    chosen = {part.strip() for part in value.replace("+", ",").split(",") if part.strip()}
    unknown = sorted(chosen - set(SOURCES))
    if unknown or not chosen:
        raise SettingsError(f"CTW_SOURCES={value!r}: choose aact, ctgov or both (aact,ctgov)")
    return tuple(s for s in SOURCES if s in chosen)


def validate() -> None:
    """Check every setting that has a fixed form, so a typo is one clear line, not a traceback."""
    choice("CTW_TARGET", TARGETS)
    choice("CTW_AACT_SOURCE", SOURCE_KINDS)
    sources()
    get_int("CTW_PG_PORT")
    if get("CTW_DAGSTER_PG_PORT"):
        get_int("CTW_DAGSTER_PG_PORT")
    get_int("CTW_KEEP_BUILDS")
    get_int("CTW_DBT_THREADS")
    get_int("CTW_MAX_SOURCE_LAG_DAYS")
    get_int("CTW_CTGOV_PAGE_SIZE")
    get_int("CTW_CTGOV_RATE_PER_MINUTE")
    get_seconds("CTW_PROGRESS_SECONDS")
    fraction("CTW_MAX_STUDY_DROP")


def target() -> str:
    return choice("CTW_TARGET", TARGETS)


def settings_help() -> str:
    """The settings table for `--help`."""
    width = max(len(s.env) for s in SETTINGS)
    lines = ["settings (environment variables; default in brackets):"]
    for s in SETTINGS:
        default = s.default.replace(str(REPO_ROOT) + "/", "") if s.default else "unset"
        lines.append(f"  {s.env:<{width}}  {s.help} [{default}]")
    return "\n".join(lines)
