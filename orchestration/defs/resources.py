"""Resources for every asset: typed, configured from CTW_* variables through EnvVar, with the
defaults of settings.py; each hands its configuration to the domain code that does the work."""

import os
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from orchestration import settings
from orchestration.aact.source_config import AACT_ENV, AactSourceConfig
from orchestration.ctgov.client import CtgovClient
from orchestration.ctgov.selection import parse_selection
from orchestration.ctrp.client import CtrpClient
from orchestration.ctrp.sheet import SheetError, TrialSheet, read_sheet
from orchestration.warehouse.builds import WarehouseStore
from orchestration.warehouse.raw_loads import CtgovSelection
from orchestration.warehouse.stores import WAREHOUSE_ENV, WarehouseConfig


def _default(env: str) -> str:
    return settings.SETTINGS_BY_ENV[env].default


class AactSourceResource(dg.ConfigurableResource):
    """Where AACT data comes from: flat files (folder or zip) or an AACT PostgreSQL database."""

    kind: str = _default("CTW_AACT_SOURCE")
    flatfiles_path: str = _default("CTW_AACT_FLATFILES")
    encoding: str = _default("CTW_AACT_ENCODING")
    postgres_conninfo: str = _default("CTW_AACT_PG_CONNINFO")
    postgres_schema: str = _default("CTW_AACT_PG_SCHEMA")

    def config(self) -> AactSourceConfig:
        return AactSourceConfig(**{name: getattr(self, name) for name in AACT_ENV})

    @contextmanager
    def open(self, workdir: Path):
        try:
            with self.config().open(workdir) as source:
                yield source
        except settings.SettingsError as exc:
            raise dg.Failure(description=str(exc)) from exc

    def describe(self) -> str:
        return self.config().describe()


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse: an embedded DuckDB file (default) or a PostgreSQL database."""

    sources: str = _default("CTW_SOURCES")
    target: str = _default("CTW_TARGET")
    duckdb_path: str = _default("CTW_DUCKDB_PATH")
    duckdb_memory_limit: str = _default("CTW_DUCKDB_MEMORY_LIMIT")
    duckdb_temp_dir: str = _default("CTW_DUCKDB_TEMP_DIR")
    pg_host: str = _default("CTW_PG_HOST")
    pg_port: int = int(_default("CTW_PG_PORT"))
    pg_user: str = _default("CTW_PG_USER")
    pg_password: str = _default("CTW_PG_PASSWORD")
    pg_database: str = _default("CTW_PG_DATABASE")
    pg_dbt_options: str = _default("CTW_PG_DBT_OPTIONS")
    pg_reader_role: str = _default("CTW_PG_READER_ROLE")
    pg_sql_user: str = _default("CTW_PG_SQL_USER")
    pg_sql_password: str = _default("CTW_PG_SQL_PASSWORD")
    pg_lock_timeout: str = _default("CTW_PG_LOCK_TIMEOUT")
    raw_schema: str = _default("CTW_RAW_SCHEMA")
    max_study_drop: str = _default("CTW_MAX_STUDY_DROP")
    keep_builds: int = int(_default("CTW_KEEP_BUILDS"))
    max_source_lag_days: int = int(_default("CTW_MAX_SOURCE_LAG_DAYS"))

    def config(self) -> WarehouseConfig:
        return WarehouseConfig(**{name: getattr(self, name) for name in WAREHOUSE_ENV})

    def postgres_conninfo(self) -> str:
        return self.config().postgres_conninfo()

    def store(self) -> WarehouseStore:
        try:
            return self.config().store()
        except settings.SettingsError as exc:
            raise dg.Failure(description=str(exc)) from exc

    def study_drop_limit(self) -> float:
        return self.config().study_drop_limit()


class CtgovResource(dg.ConfigurableResource):
    """ClinicalTrials.gov API v2 and the local mirror of the selected studies."""

    api_url: str = _default("CTW_CTGOV_API_URL")
    params: str = _default("CTW_CTGOV_PARAMS")
    page_size: int = int(_default("CTW_CTGOV_PAGE_SIZE"))
    rate_per_minute: int = int(_default("CTW_CTGOV_RATE_PER_MINUTE"))
    mirror_path: str = _default("CTW_CTGOV_MIRROR")

    def selection(self, params: str | None = None) -> CtgovSelection:
        """The studies to sync and load: `params` when given (the launchpad), else
        CTW_CTGOV_PARAMS."""
        try:
            params = parse_selection(self.params if params is None else params)
        except ValueError as exc:
            where = "CTW_CTGOV_PARAMS" if params is None else "params"
            raise dg.Failure(description=f"{where}: {exc}") from exc
        return CtgovSelection(Path(settings.resolve_user_path(self.mirror_path)), params)

    def client(self) -> CtgovClient:
        return CtgovClient(
            self.api_url, rate_per_minute=self.rate_per_minute, page_size=self.page_size
        )


CTGOV_ENV = {
    "api_url": "CTW_CTGOV_API_URL",
    "params": "CTW_CTGOV_PARAMS",
    "page_size": "CTW_CTGOV_PAGE_SIZE",
    "rate_per_minute": "CTW_CTGOV_RATE_PER_MINUTE",
    "mirror_path": "CTW_CTGOV_MIRROR",
}


class CtrpResource(dg.ConfigurableResource):
    """NCI CTRP: the trial office's sheet, where documents are written, and the Trial
    Registration service with its credentials."""

    trials: str = _default("CTW_CTRP_TRIALS")
    directory: str = _default("CTW_CTRP_DIR")
    base_url: str = _default("CTW_CTRP_BASE_URL")
    username: str = _default("CTW_CTRP_USERNAME")
    password: str = _default("CTW_CTRP_PASSWORD")

    def sheet(self) -> TrialSheet:
        if not self.trials.strip():
            raise dg.Failure(description="CTW_CTRP_TRIALS is not set: name the trial sheet")
        try:
            return read_sheet(settings.resolve_user_path(self.trials))
        except SheetError as exc:
            raise dg.Failure(description=str(exc)) from exc

    def documents_dir(self) -> Path:
        return Path(settings.resolve_user_path(self.directory))

    def client(self) -> CtrpClient:
        if not self.username or not self.password:
            raise dg.Failure(
                description="CTW_CTRP_USERNAME and CTW_CTRP_PASSWORD must be set to submit"
            )
        return CtrpClient(self.base_url, self.username, self.password)


CTRP_ENV = {
    "trials": "CTW_CTRP_TRIALS",
    "directory": "CTW_CTRP_DIR",
    "base_url": "CTW_CTRP_BASE_URL",
    "username": "CTW_CTRP_USERNAME",
    "password": "CTW_CTRP_PASSWORD",
}


def from_env(resource_cls: type[dg.ConfigurableResource], env_names: dict[str, str]):
    """The resource with an EnvVar for each field whose variable is set (so the UI shows where
    the value came from); fields whose variable is unset keep the default from settings.py."""
    config = {}
    for field, name in env_names.items():
        if os.environ.get(name, "").strip():
            is_int = resource_cls.model_fields[field].annotation is int
            config[field] = dg.EnvVar.int(name) if is_int else dg.EnvVar(name)
    return resource_cls(**config)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "aact": from_env(AactSourceResource, AACT_ENV),
            "warehouse": from_env(WarehouseResource, WAREHOUSE_ENV),
            "ctgov": from_env(CtgovResource, CTGOV_ENV),
            "ctrp": from_env(CtrpResource, CTRP_ENV),
        }
    )
