"""Dagster keeps run history in SQLite under DAGSTER_HOME and commits every event (a build
writes ~350) with an fsync: about 10 s per build on this kind of disk. In WAL mode with
synchronous=NORMAL a commit no longer waits for the disk; a crash can lose the last events of
a run, never corrupt the database."""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _fast_sqlite_commits(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
