"""The local run history's speed (SQLite under DAGSTER_HOME): a build writes ~900 events, and
Dagster's SQLite event log opens and closes a database connection for each (one per run file,
more for asset and check events), about 5 s of a small build. `PooledSqliteEventLogStorage`
keeps the connections of the index and of the last few runs open instead; every commit still
goes to the same files, so the UI, the daemon and other processes see the same history.
`orchestration/dagster_home.py` names it in dagster.yaml. (Server mode's PostgreSQL storage:
orchestration/server/storage.py.)

Commits: in WAL mode with synchronous=NORMAL a commit no longer waits for the disk; a crash can
lose the last events of a run, never corrupt the database."""

from __future__ import annotations

import os
import sqlite3
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from dagster import Field, StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SqliteEventLogStorage,
)
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

OPEN_RUN_FILES = 8  # run files kept open besides the index (a webserver reads many runs)


@event.listens_for(Engine, "connect")
def _fast_sqlite_commits(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def default_base_dir() -> str:
    """Dagster's own place for run event logs, under the instance's DAGSTER_HOME: named by the
    environment, not written into dagster.yaml, so a moved or copied home keeps its history."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        raise RuntimeError(
            "PooledSqliteEventLogStorage: DAGSTER_HOME is not set (the event log lives in "
            "$DAGSTER_HOME/history/runs); set it, or give the storage a base_dir"
        )
    return os.path.join(home, "history", "runs")


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log with its connections kept open between events."""

    def __init__(self, base_dir: str | None = None, inst_data=None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._tables_found: set[str] = set()
        self._asset_key_columns_found: set[str] = set()
        super().__init__(base_dir or default_base_dir(), inst_data)

    @classmethod
    def config_type(cls):
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                poolclass=QueuePool,
                pool_size=1,
                max_overflow=1,
                # used under the storage's lock, from whichever thread logs the event
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
        self._engines[shard] = engine  # most recently used last
        runs = [name for name in self._engines if name != INDEX_SHARD_NAME]
        for stale in runs[:-OPEN_RUN_FILES]:
            self._engines.pop(stale).dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    # Dagster asks whether a table or column of the index exists before every asset and check
    # event (about 1,000 a build), each time over a new connection and a schema read: a table
    # or column found once stays (migrations only add), so only an absence is asked again.
    def has_table(self, table_name: str) -> bool:
        if table_name not in self._tables_found:
            if not super().has_table(table_name):
                return False
            self._tables_found.add(table_name)
        return True

    def _has_asset_key_col_on_connection(self, conn: Connection, column_name: str) -> bool:
        if column_name not in self._asset_key_columns_found:
            if not super()._has_asset_key_col_on_connection(conn, column_name):
                return False
            self._asset_key_columns_found.add(column_name)
        return True

    def _close_all(self) -> None:
        while self._engines:
            self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        with self._db_lock:
            self._close_all()  # the run files are deleted: no connection may keep them
        super().wipe()

    def dispose(self) -> None:
        with self._db_lock:
            self._close_all()
        super().dispose()
