"""Every user setting, declared once: its CTW_* variable, its one default, what it means, and
where it goes: the Dagster resource and field it configures (the resources' fields, their
descriptions in the UI and the domain configs are made from this table), whether dbt reads it
(`dbt_settings`), `--help` and the settings table of docs/configuration.md (both written by
settings_docs).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration.sources import study_sources

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
SAMPLE_AACT_DIR = Path(__file__).resolve().parent / "sample" / "aact"
SAMPLE_VOCAB_DIR = Path(__file__).resolve().parent / "sample" / "vocab"
TARGETS = ("duckdb", "postgres")
# The schemas dbt builds (dbt_project.yml `+schema`), beside the raw schema; a test keeps them in
# step.
DBT_SCHEMAS = ("staging", "intermediate", "marts")
SOURCE_KINDS = ("flatfiles", "postgres")
# The registries a build may load (orchestration/sources.py), in load order.
SOURCES = tuple(source.name for source in study_sources())
REGISTRY_TIMEZONE = "America/New_York"  # ClinicalTrials.gov refreshes on weekdays, there
# `./warehouse` changes into the repository; it passes the caller's directory here so that
# relative paths a user types mean what they mean in their shell.
CALLER_CWD_ENV = "CTW_CALLER_CWD"


class SettingsError(ValueError):
    """A CTW_* variable holds a value the warehouse cannot use; the message names both."""


@dataclass(frozen=True)
class Setting:
    """One setting. A setting without a resource is read where the code location loads (the
    schedules' crons, the sensors') or by dbt alone."""

    env: str
    default: str
    help: str  # one line: `--help`, and the resource field's description in the Dagster UI
    is_path: bool = False  # a relative path means one from where the user ran the command
    resource: str | None = None  # the Dagster resource (and domain config) it configures
    field: str | None = None  # that resource's field
    type: type = str  # str or int
    dbt: bool = False  # dbt's profile or models read it (dbt_env)
    choices: tuple[str, ...] = ()
    doc: str = ""  # the settings table's wording (Markdown), when it says more than `help`
    doc_default: str | None = None  # the settings table's wording of the default

    @property
    def typed_default(self) -> Any:
        return self.type(self.default)


_CODE_SOURCES = ", ".join(f"`{name}`" for name in SOURCES)

# fmt: off
SETTINGS: tuple[Setting, ...] = (
    # --- what a build loads --------------------------------------------------------------
    Setting(
        "CTW_SOURCES", "aact", f"sources of a build: any of {', '.join(SOURCES)}, comma-separated",
        resource="warehouse", field="sources", dbt=True,
        doc=f"the registries a build loads, comma-separated: any of {_CODE_SOURCES} (`ctgov`: "
        "the mirror); the vocabularies always load",
    ),
    Setting(
        "CTW_AACT_SOURCE", "flatfiles", "AACT source: flatfiles or postgres",
        resource="aact", field="kind", choices=SOURCE_KINDS,
        doc="`flatfiles` or `postgres`",
    ),
    Setting(
        "CTW_AACT_FLATFILES", str(SAMPLE_AACT_DIR), "folder or .zip of AACT <table>.txt files",
        is_path=True, resource="aact", field="flatfiles_path",
        doc="folder or `.zip` of AACT `<table>.txt` files (the daily "
        "`YYYYMMDD_pipe-delimited-export.zip` as it is)",
    ),
    Setting(
        "CTW_AACT_ENCODING", "utf-8",
        "encoding of flat files that are not valid UTF-8 (e.g. latin-1, cp1252)",
        resource="aact", field="encoding",
        doc="encoding of the flat files that are not valid UTF-8 (`latin-1`, `cp1252`, …); a "
        "file that is valid UTF-8 is still read as UTF-8, and the build names the files it read "
        "in this encoding",
    ),
    Setting(
        "CTW_AACT_PG_CONNINFO", "", "libpq conninfo of an AACT database",
        resource="aact", field="postgres_conninfo",
        doc="libpq conninfo of an AACT database, e.g. `host=… dbname=aact user=… password=…`",
    ),
    Setting(
        "CTW_AACT_PG_SCHEMA", "ctgov", "schema holding AACT's tables",
        resource="aact", field="postgres_schema",
    ),
    Setting(
        "CTW_AACT_SCHEDULE", "0 3 1 * *",
        "cron (America/New_York) of the Dagster monthly AACT reload (the job build_warehouse)",
        doc="cron (New York time) of the monthly AACT reload in Dagster",
    ),
    Setting(
        "CTW_AACT_INBOX", "",
        "folder Dagster watches: an AACT export zip dropped there is built and published",
        is_path=True, doc="folder the `aact_inbox` sensor watches for AACT exports",
    ),
    Setting(
        "CTW_CTGOV_API_URL", "https://clinicaltrials.gov/api/v2", "ClinicalTrials.gov API v2",
        resource="ctgov", field="api_url",
        doc="the registry's API (any server that speaks API v2)",
    ),
    Setting(
        "CTW_CTGOV_PARAMS", "", "CT.gov selection as a URL query (empty: the whole registry)",
        resource="ctgov", field="params",
        doc="the selection, as the API's query string (empty: the whole registry)",
    ),
    Setting(
        "CTW_CTGOV_PAGE_SIZE", "1000", "studies per API page (at most 1000)",
        resource="ctgov", field="page_size", type=int,
    ),
    Setting(
        "CTW_CTGOV_RATE_PER_MINUTE", "50", "most API requests in any 60 s",
        resource="ctgov", field="rate_per_minute", type=int,
    ),
    Setting(
        "CTW_CTGOV_MIRROR", str(REPO_ROOT / "data" / "ctgov_mirror.duckdb"),
        "local mirror of CT.gov records, kept between builds",
        is_path=True, resource="ctgov", field="mirror_path",
    ),
    Setting(
        "CTW_CTGOV_SCHEDULE", "0 7 * * 1-5",
        "cron (America/New_York) of the Dagster sync + build; on by default when ctgov is a source",
        doc="cron (New York time) of the Dagster sync + build; the schedule is on when "
        "`CTW_SOURCES` includes `ctgov`",
    ),
    Setting(
        "CTW_MESH_FILE", "",
        "MeSH: a dhimmel/mesh tree-numbers .tsv or NLM descYYYY.xml[.gz] (unset: the fetched "
        "one, else the bundled subset)",
        is_path=True, resource="vocab", field="mesh_file",
        doc="MeSH descriptors: dhimmel/mesh `tree-numbers.tsv` or NLM's `descYYYY.xml` (`.gz` too)",
        doc_default="the MeSH `vocab fetch` fetched, else the bundled MeSH subset",
    ),
    Setting(
        "CTW_CHEMBL_FILES", "",
        "ChEMBL web-service JSON (drug_indication / molecule pages): a file or a folder (unset: "
        "the fetched pages, else none)",
        is_path=True, resource="vocab", field="chembl_files",
        doc="a ChEMBL web-service JSON file or a folder of them: `drug_indication` and "
        "`molecule` pages",
        doc_default="the pages `vocab fetch` fetched, else none",
    ),
    Setting(
        "CTW_PMDA_FILE", "", "PMDA approved new drugs list (.xlsx)",
        is_path=True, resource="vocab", field="pmda_file",
        doc="PMDA's approved new drugs list (`.xlsx`)",
    ),
    Setting(
        "CTW_EFO_FILE", "",
        "EFO: efo.obo or efo.owl (unset: the fetched one, else none)",
        is_path=True, resource="vocab", field="efo_file",
        doc="the Experimental Factor Ontology, `efo.obo` or `efo.owl` (`.gz` too)",
        doc_default="the EFO `vocab fetch` fetched, else none",
    ),
    Setting(
        "CTW_GILDA_MESH_MAPPINGS_FILE", "",
        "gilda's mesh_mappings.tsv (unset: the fetched one, else the installed gilda-slim's)",
        is_path=True, resource="vocab", field="gilda_file",
        doc="gilda's `mesh_mappings.tsv`: MeSH ids mapped to ChEBI, DOID, EFO, HP, …",
        doc_default="the one `vocab fetch` fetched, else the copy in the installed `gilda-slim`",
    ),
    Setting(
        "CTW_VOCAB_DIR", str(REPO_ROOT / "data" / "vocab"),
        "where `vocab fetch` puts MeSH, ChEMBL, EFO and gilda's mappings, with manifest.json "
        "(versions, sha256), and parsed/ (the parse cache)",
        is_path=True, resource="vocab", field="vocab_dir",
        doc="where `./warehouse vocab fetch` puts MeSH, ChEMBL, EFO and gilda's mappings, with "
        "`manifest.json` (each file's version, sha256, size); a build reads the fetched files "
        "when the `CTW_*_FILE` settings are unset, and caches what it parsed in `parsed/` by "
        "the files' sha256",
    ),
    Setting(
        "CTW_MESH_URL",
        "https://nlmpubs.nlm.nih.gov/projects/mesh/MESH_FILES/xmlmesh/desc{year}.xml",
        "NLM's MeSH descriptors; {year}: next year's, else this year's, else last year's file",
        resource="vocab", field="mesh_url",
        doc="NLM's MeSH descriptor XML (`.gz` too); `{year}` is tried as next year (NLM "
        "publishes it in November), this year, then last year",
    ),
    Setting(
        "CTW_CHEMBL_URL", "https://www.ebi.ac.uk/chembl/api/data",
        "ChEMBL web services (status.json, drug_indication.json, molecule.json)",
        resource="vocab", field="chembl_url",
        doc="ChEMBL's web services: `status.json` gives the release, `drug_indication.json` and "
        "`molecule.json` are paged 1000 at a time",
    ),
    Setting(
        "CTW_CHEMBL_MOLECULE_QUERY", "max_phase__gt=0",
        "filter of the ChEMBL molecules fetched (web-service query string)",
        resource="vocab", field="chembl_molecule_query",
        doc="which ChEMBL molecules are fetched, as a web-service query string (default: those "
        "that reached a clinical phase, not all of ChEMBL's millions; `max_phase=4`: approved "
        "drugs)",
    ),
    Setting(
        "CTW_EFO_URL", "https://github.com/EBISPOT/efo/releases/latest/download/efo.obo",
        "the Experimental Factor Ontology (efo.obo or efo.owl)",
        resource="vocab", field="efo_url",
        doc="the Experimental Factor Ontology, `efo.obo` or `efo.owl` (fetched and recorded)",
    ),
    Setting(
        "CTW_GILDA_MESH_MAPPINGS_URL",
        "https://raw.githubusercontent.com/gyorilab/gilda/master/gilda/resources/mesh_mappings.tsv",
        "gilda's MeSH cross-references (mesh_mappings.tsv)",
        resource="vocab", field="gilda_url",
        doc="gilda's `mesh_mappings.tsv` (MeSH → ChEBI, DOID, EFO, HP, …); without a fetch the "
        "copy in the installed `gilda-slim` package is read",
    ),
    Setting(
        "CTW_VOCAB_SCHEDULE", "0 2 1 * *",
        "cron (America/New_York) of the Dagster monthly `vocab fetch` (on once fetched by hand)",
        doc="cron (New York time) of the monthly vocabulary fetch in Dagster, an hour before "
        "the AACT reload; on once `./warehouse vocab fetch` has run",
    ),
    # --- NCI CTRP ------------------------------------------------------------------------
    Setting(
        "CTW_CTRP_TRIALS", "",
        "NCI CTRP trial sheet (YAML, one entry per NCT id); unset: no CTRP documents",
        is_path=True, resource="ctrp", field="trials", dbt=True,
        doc="the CTRP trial sheet (YAML); unset: no CTRP documents, the build is as without it",
    ),
    Setting(
        "CTW_CTRP_DIR", str(REPO_ROOT / "data" / "ctrp"),
        "CTRP documents (<NCT id>/<Root>.xml) and their store ctrp.duckdb",
        is_path=True, resource="ctrp", field="directory",
        doc="CTRP documents (`<NCT id>/<Root>.xml`) and their store `ctrp.duckdb` (documents, "
        "submissions)",
    ),
    Setting(
        "CTW_CTRP_BASE_URL", "https://trials.nci.nih.gov/services",
        "CTRP Trial Registration REST service",
        resource="ctrp", field="base_url", doc="CTRP's Trial Registration REST service",
    ),
    Setting(
        "CTW_CTRP_USERNAME", "", "CTRP service user (HTTP Basic)",
        resource="ctrp", field="username",
    ),
    Setting(
        "CTW_CTRP_PASSWORD", "", "CTRP service password (HTTP Basic)",
        resource="ctrp", field="password",
    ),
    # --- the warehouse -------------------------------------------------------------------
    Setting(
        "CTW_TARGET", "duckdb", "warehouse: duckdb or postgres",
        resource="warehouse", field="target", choices=TARGETS, dbt=True,
        doc="warehouse: `duckdb` or `postgres`",
    ),
    Setting(
        "CTW_DUCKDB_PATH", str(REPO_ROOT / "data" / "warehouse.duckdb"),
        "the live DuckDB warehouse file",
        is_path=True, resource="warehouse", field="duckdb_path",
    ),
    Setting(
        "CTW_DUCKDB_MEMORY_LIMIT", "2GB", "DuckDB memory_limit for loads and dbt",
        resource="warehouse", field="duckdb_memory_limit", dbt=True,
        doc="DuckDB `memory_limit` for loads and dbt (beyond it DuckDB spills to disk)",
    ),
    Setting(
        "CTW_DUCKDB_DISABLED_COMPRESSION", "fsst",
        "DuckDB compression methods not used when writing the warehouse (none: DuckDB's choice)",
        resource="warehouse", field="duckdb_disabled_compression", dbt=True,
        doc="DuckDB compression methods the build does not use (`disabled_compression_methods`). "
        "The default, `fsst`, leaves text uncompressed or dictionary-encoded: at 560,000 studies "
        "the text-heavy raw tables load about 20 % faster and the largest mart is written 18 % "
        "faster, and the file is about half as large again; `none`: every method DuckDB has",
    ),
    Setting(
        "CTW_DUCKDB_TEMP_DIR", "", "DuckDB spill directory (default: beside the build)",
        is_path=True, resource="warehouse", field="duckdb_temp_dir",
        doc="where DuckDB spills", doc_default="`data/warehouse.builds/spill`",
    ),
    Setting(
        "CTW_DBT_THREADS", "auto",
        "dbt threads: how many models and tests run at once (auto: by target and build size)",
        dbt=True,
        doc="dbt threads: how many models and tests run at once, a number or `auto`: 2, and 1 on "
        "DuckDB when the registries' largest raw table holds 2,000,000 rows or more (each DuckDB "
        "query uses every core, and two large tables written at once in one DuckDB file slow each "
        "other several times over: at 560,000 studies `fct_outcome_measurements` took 11 s alone "
        "and 40–90 s beside another large model; at 80,000 studies 2 threads are faster)",
    ),
    Setting(
        "CTW_PROGRESS_SECONDS", "5",
        "seconds between progress lines of a long step (not on a terminal: it shows bars)",
        doc="seconds between two progress lines of a long step when the output is not a "
        "terminal (there it shows bars), and in a Dagster run's event log",
    ),
    Setting(
        "CTW_PG_HOST", "127.0.0.1", "PostgreSQL warehouse host",
        resource="warehouse", field="pg_host", dbt=True,
    ),
    Setting(
        "CTW_PG_PORT", "5432", "PostgreSQL warehouse port",
        resource="warehouse", field="pg_port", type=int, dbt=True,
    ),
    Setting(
        "CTW_PG_USER", "postgres", "PostgreSQL warehouse user",
        resource="warehouse", field="pg_user", dbt=True,
    ),
    Setting(
        "CTW_PG_PASSWORD", "", "PostgreSQL warehouse password",
        resource="warehouse", field="pg_password", dbt=True,
    ),
    Setting(
        "CTW_PG_DATABASE", "ctwarehouse", "PostgreSQL warehouse database (must exist)",
        resource="warehouse", field="pg_database", dbt=True,
    ),
    Setting(
        "CTW_PG_DBT_OPTIONS",
        "-c work_mem=64MB -c hash_mem_multiplier=1 -c max_parallel_workers_per_gather=0 -c jit=off",
        "session settings of dbt's PostgreSQL connections (libpq PGOPTIONS syntax)",
        resource="warehouse", field="pg_dbt_options",
        doc="PostgreSQL session settings of dbt's connections, given to libpq as `PGOPTIONS` "
        "([Performance](performance.md#postgresql-settings))",
    ),
    Setting(
        "CTW_PG_READER_ROLE", "ctwarehouse_reader",
        "PostgreSQL NOLOGIN role with SELECT on the live marts (grant it to login users)",
        resource="warehouse", field="pg_reader_role",
        doc="NOLOGIN role with `SELECT` on the live marts, created when missing ([Connect from "
        "SQL tools](sql-tools.md#connect-from-sql-tools))",
    ),
    Setting(
        "CTW_PG_SQL_USER", "ctwarehouse_sql",
        "login `./warehouse sql` uses on PostgreSQL: a member of the reader role only",
        resource="warehouse", field="pg_sql_user",
        doc="the login `./warehouse sql` uses: a member of the reader role only, created when "
        "missing ([`./warehouse sql` on PostgreSQL](sql-tools.md#warehouse-sql-on-postgresql))",
    ),
    Setting(
        "CTW_PG_SQL_PASSWORD", "", "password of CTW_PG_SQL_USER",
        resource="warehouse", field="pg_sql_password",
    ),
    Setting(
        "CTW_PG_LOCK_TIMEOUT", "10s",
        "longest a PostgreSQL build waits for a lock before it stops, naming who holds it",
        resource="warehouse", field="pg_lock_timeout",
        doc="longest any session of a PostgreSQL build waits for a lock (`lock_timeout`); the "
        "build then stops, naming the session that holds it",
    ),
    Setting(
        "CTW_PG_UNLOGGED_TABLES", "on",
        "on: PostgreSQL raw tables and intermediate models skip the write-ahead log (faster; "
        "emptied by a server crash until the next build); off: all logged",
        resource="warehouse", field="pg_unlogged_tables", choices=("on", "off"),
        doc="`on`: the raw tables and the intermediate models are `UNLOGGED`: they skip "
        "PostgreSQL's write-ahead log, so a build writes about 11 GB less of it at 560,000 "
        "studies, and a crash of the server (not of a build) empties them until the next build; "
        "the marts and the build history stay logged ([Performance](performance.md"
        "#postgresql-settings)). `off`: every table logged (a server with streaming replicas)",
    ),
    Setting(
        "CTW_DAGSTER_PG_DATABASE", "ctwarehouse_dagster",
        "`./warehouse serve`: PostgreSQL database of Dagster's runs, event log and schedules "
        "(created when missing)",
        doc="`./warehouse serve`: Dagster's runs, event log and schedules, created when missing "
        "([Run it as a service](service.md#run-it-as-a-service))",
    ),
    Setting(
        "CTW_DAGSTER_PG_HOST", "", "host of that database (unset: CTW_PG_HOST)",
        doc="that database's server host", doc_default="`CTW_PG_HOST`'s",
    ),
    Setting(
        "CTW_DAGSTER_PG_PORT", "", "its port (unset: CTW_PG_PORT)",
        doc="its port", doc_default="`CTW_PG_PORT`'s",
    ),
    Setting(
        "CTW_DAGSTER_PG_USER", "", "its user (unset: CTW_PG_USER)",
        doc="its user", doc_default="`CTW_PG_USER`'s",
    ),
    Setting(
        "CTW_DAGSTER_PG_PASSWORD", "", "its user's password (unset: CTW_PG_PASSWORD)",
        doc="its user's password", doc_default="`CTW_PG_PASSWORD`'s",
    ),
    Setting(
        "CTW_RAW_SCHEMA", "raw_aact", "schema of the raw AACT tables",
        resource="warehouse", field="raw_schema", dbt=True,
    ),
    Setting(
        "CTW_MAX_STUDY_DROP", "5%", "largest allowed drop in studies vs the live warehouse",
        resource="warehouse", field="max_study_drop",
        doc="largest allowed drop in studies from the live warehouse (`5%` or `0.05`)",
    ),
    Setting(
        "CTW_MAX_TABLE_DROP", "50%",
        "largest allowed drop in any raw table's or mart's rows vs the live warehouse",
        resource="warehouse", field="max_table_drop",
        doc="largest share of its rows any raw table of a study source, or any mart, may lose "
        "from the live warehouse beyond the studies' own drop, and any vocabulary table (a "
        "header-only or truncated file; an empty vocabulary file; a renamed column the marts "
        "read; `100%` allows anything)",
    ),
    Setting(
        "CTW_KEEP_BUILDS", "3", "previous good builds kept for `./warehouse rollback`",
        resource="warehouse", field="keep_builds", type=int,
    ),
    Setting(
        "CTW_MAX_SOURCE_LAG_DAYS", "2",
        "business days a source's data date may lag today before `source_is_current` warns",
        resource="warehouse", field="max_source_lag_days", type=int,
    ),
    # --- read where the code location loads (the failure sensor) --------------------------
    Setting(
        "CTW_RUN_FAILURE_LOG", str(REPO_ROOT / "data" / "run_failures.jsonl"),
        "JSON lines file: one record per failed Dagster run (what failed, the error, when)",
        is_path=True, doc="one JSON line per failed Dagster run",
    ),
    Setting(
        "CTW_FAILURE_WEBHOOK_URL", "",
        "URL that receives each failed run's record as a JSON POST (unset: none is sent)",
    ),
)
# fmt: on
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


def choice(env: str, allowed: tuple[str, ...] | None = None, value: str | None = None) -> str:
    """One of `allowed` (default: the setting's `choices`): the setting's value unless `value`
    is given (a resource's field)."""
    allowed = SETTINGS_BY_ENV[env].choices if allowed is None else allowed
    value = get(env) if value is None else value
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
        raise SettingsError(
            f"CTW_SOURCES={value!r}: choose one or more of {', '.join(SOURCES)} (comma-separated)"
        )
    return tuple(s for s in SOURCES if s in chosen)


def typed(env: str) -> Any:
    """A setting's value as its type (a whole number is checked)."""
    return get_int(env) if SETTINGS_BY_ENV[env].type is int else get(env)


def validate() -> None:
    """Check every setting that has a fixed form, so a typo is one clear line, not a traceback."""
    for setting in SETTINGS:
        if setting.choices:
            choice(setting.env, setting.choices)
        typed(setting.env)
    sources()
    if get("CTW_DAGSTER_PG_PORT"):
        get_int("CTW_DAGSTER_PG_PORT")
    get_seconds("CTW_PROGRESS_SECONDS")
    dbt_threads()
    fraction("CTW_MAX_STUDY_DROP")
    fraction("CTW_MAX_TABLE_DROP")


def dbt_threads() -> int | None:
    """CTW_DBT_THREADS as a number of threads, or None for `auto` (the build decides)."""
    value = get("CTW_DBT_THREADS").strip().lower()
    if value == "auto":
        return None
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(f"CTW_DBT_THREADS={value!r}: expected auto or a whole number from 1")
    return int(value)


def target() -> str:
    return choice("CTW_TARGET", TARGETS)


# --- what the table feeds: resources, domain configs, dbt, --help, the docs -------------------


def of(resource: str) -> tuple[Setting, ...]:
    """The settings of one resource, in the table's order."""
    return tuple(s for s in SETTINGS if s.resource == resource)


def resources() -> tuple[str, ...]:
    """Every resource the table configures, in the table's order."""
    return tuple(dict.fromkeys(s.resource for s in SETTINGS if s.resource))


def fields_of(resource: str) -> dict[str, str]:
    """{field: CTW_* variable} of one resource."""
    return {s.field: s.env for s in of(resource)}


def values_of(resource: str) -> dict[str, Any]:
    """{field: its value now, typed} of one resource."""
    return {s.field: typed(s.env) for s in of(resource)}


def settings_dataclass(resource: str) -> Callable[[type], type]:
    """Make the decorated class a frozen dataclass whose fields are the settings of `resource`
    (typed, with the table's defaults), with `from_settings()` reading their values now. The
    class adds behaviour only: its fields are the table's."""

    def make(cls: type) -> type:
        cls.__annotations__ = {s.field: s.type for s in of(resource)}
        for s in of(resource):
            setattr(cls, s.field, s.typed_default)
        cls.from_settings = classmethod(lambda c: c(**values_of(resource)))
        return dataclasses.dataclass(frozen=True)(cls)

    return make


def dbt_settings() -> tuple[str, ...]:
    """The settings dbt's profile and models read (dbt_env puts their values in its
    environment)."""
    return tuple(s.env for s in SETTINGS if s.dbt)
