"""Server mode's run history on PostgreSQL, at the speed of a kept connection: dagster-postgres
connects anew for every call (6 ms and a server process each, here), and a build's run writes
~900 events, some with several calls: 10 s and more of every build run by the daemon.
`PooledPostgresStorage` is dagster-postgres's storage with the run storage's and the event log's
connections kept open; `orchestration/server/instance.py` names it in dagster.yaml.

The one module of `server/` that imports Dagster: the webserver's, the daemon's and each run's
processes load it by that name; serve's own process never does. Not under `defs/`, whose every
module each code location loads: dagster-postgres adds a second to a process's start."""

from __future__ import annotations

from dagster._core.storage.base_storage import DagsterStorage
from dagster._serdes import ConfigurableClassData
from dagster_postgres import (
    DagsterPostgresStorage,
    PostgresEventLogStorage,
    PostgresRunStorage,
    PostgresScheduleStorage,
)
from dagster_postgres.utils import (
    create_pg_engine,
    get_token_provider_from_config,
    pg_url_from_config,
)
from sqlalchemy.pool import QueuePool

POOL_OVERFLOW = 4  # connections beyond the kept one while several threads write at once
# pg_stat_activity's application_name of the kept connections
EVENT_LOG_APPLICATION = "ctwarehouse dagster event log"
RUN_STORAGE_APPLICATION = "ctwarehouse dagster runs"


def _kept_connection(storage, application: str) -> None:
    """Replace a dagster-postgres storage's engine (a new connection per call) with one that
    keeps a connection open per process (more while several threads write at once), checked
    before use and renewed hourly: a restarted server or a dropped connection costs a
    reconnect, not a failed run."""
    storage._engine.dispose()
    storage._engine = create_pg_engine(
        storage.postgres_url,
        storage._token_provider,
        isolation_level="AUTOCOMMIT",
        poolclass=QueuePool,
        pool_size=1,
        max_overflow=POOL_OVERFLOW,
        pool_pre_ping=True,
        pool_recycle=3600,
        connect_args={"application_name": application},
    )


def _from_pg_config(cls, inst_data, config_value):
    return cls(
        inst_data=inst_data,
        postgres_url=pg_url_from_config(config_value),
        should_autocreate_tables=config_value.get("should_autocreate_tables", True),
        token_provider=get_token_provider_from_config(config_value),
    )


class _KeptConnection:
    """Mixed into a dagster-postgres storage class: its engine keeps its connection
    (`_kept_connection`), named `APPLICATION`, closed with the storage."""

    APPLICATION = ""

    def __init__(self, postgres_url: str, should_autocreate_tables: bool = True, **kwargs):
        super().__init__(postgres_url, should_autocreate_tables, **kwargs)
        _kept_connection(self, self.APPLICATION)

    from_config_value = classmethod(_from_pg_config)

    def dispose(self) -> None:
        super().dispose()
        self._engine.dispose()


class PooledPostgresEventLogStorage(_KeptConnection, PostgresEventLogStorage):
    APPLICATION = EVENT_LOG_APPLICATION


class PooledPostgresRunStorage(_KeptConnection, PostgresRunStorage):
    APPLICATION = RUN_STORAGE_APPLICATION


class PooledPostgresStorage(DagsterPostgresStorage):
    """dagster-postgres's storage (runs, event log, schedules in one database) with the run
    storage and event log keeping their connections; dagster.yaml names it as
    `storage: custom:` with dagster-postgres's config."""

    def __init__(
        self,
        postgres_url: str,
        should_autocreate_tables: bool = True,
        inst_data: ConfigurableClassData | None = None,
        token_provider=None,
    ):
        # DagsterPostgresStorage's own __init__, with the pooled classes
        self.postgres_url = postgres_url
        self.should_autocreate_tables = should_autocreate_tables
        self._inst_data = inst_data
        self._run_storage = PooledPostgresRunStorage(
            postgres_url, should_autocreate_tables, token_provider=token_provider
        )
        self._event_log_storage = PooledPostgresEventLogStorage(
            postgres_url, should_autocreate_tables, token_provider=token_provider
        )
        self._schedule_storage = PostgresScheduleStorage(
            postgres_url, should_autocreate_tables, token_provider=token_provider
        )
        DagsterStorage.__init__(self)

    from_config_value = classmethod(_from_pg_config)
