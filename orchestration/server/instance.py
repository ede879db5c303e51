"""The Dagster instance `./warehouse serve` runs on: its PostgreSQL database (created when
missing) and the dagster.yaml in DAGSTER_HOME that puts runs, the event log and schedules there
and queues runs so that one runs at a time.

Each build takes the warehouse's build lock and every job reads or writes the warehouse or the
CT.gov mirror (DuckDB files, one writer at a time), so a second run started while one is going
would only fail: the instance-wide limit makes it wait in Dagster's queue instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import psycopg
import yaml
from psycopg import sql
from psycopg.conninfo import make_conninfo

from orchestration import settings

MAX_CONCURRENT_RUNS = 1
# Keys of dagster.yaml that serve writes; any other key a user added is kept as it is.
STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")
QUEUE_KEYS = ("run_coordinator", "run_queue")
HEADER = (
    "# Written by `./warehouse serve` at each start: storage (PostgreSQL, from the\n"
    "# CTW_DAGSTER_PG_* settings), run_coordinator and concurrency.runs (one run at a time).\n"
    "# Other keys are kept.\n"
)
MAINTENANCE_DATABASE = "postgres"
# dagster-postgres's storage with kept connections
POOLED_STORAGE_MODULE = "orchestration.server.storage"
POOLED_STORAGE_CLASS = "PooledPostgresStorage"
DEQUEUE_SECONDS = 1


class ServeError(RuntimeError):
    """Server mode cannot start; the message is one line naming what and why."""


@dataclass(frozen=True)
class DagsterDatabase:
    """Where Dagster's storage lives: the CTW_DAGSTER_PG_* settings, falling back to the
    warehouse's CTW_PG_* ones. The password stays in the environment: dagster.yaml names the
    variable that holds it, never the value."""

    host: str
    port: int
    user: str
    database: str
    password_env: str | None  # the CTW_* variable holding the password, or None (no password)

    @classmethod
    def from_settings(cls) -> DagsterDatabase:
        def either(own: str, warehouse: str) -> str:
            return settings.get(own) or settings.get(warehouse)

        port_env = "CTW_DAGSTER_PG_PORT" if settings.get("CTW_DAGSTER_PG_PORT") else "CTW_PG_PORT"
        password_env = next(
            (env for env in ("CTW_DAGSTER_PG_PASSWORD", "CTW_PG_PASSWORD") if settings.get(env)),
            None,
        )
        database = settings.get("CTW_DAGSTER_PG_DATABASE").strip()
        if not database:
            raise ServeError("CTW_DAGSTER_PG_DATABASE is blank: name Dagster's database")
        return cls(
            host=either("CTW_DAGSTER_PG_HOST", "CTW_PG_HOST"),
            port=settings.get_int(port_env),
            user=either("CTW_DAGSTER_PG_USER", "CTW_PG_USER"),
            database=database,
            password_env=password_env,
        )

    def describe(self) -> str:
        return f"PostgreSQL database {self.database} on {self.user}@{self.host}:{self.port}"

    def conninfo(self, database: str | None = None) -> str:
        parts = {
            "host": self.host,
            "port": str(self.port),
            "user": self.user,
            "dbname": database or self.database,
            "connect_timeout": "10",
        }
        if self.password_env:
            parts["password"] = os.environ[self.password_env]
        return make_conninfo(**parts)

    def ensure_exists(self) -> bool:
        """Create the database when it is missing; True when this call created it."""
        try:
            with psycopg.connect(self.conninfo()):
                return False
        except psycopg.OperationalError as exc:
            first_error = _one_line(exc)
        try:
            with psycopg.connect(self.conninfo(MAINTENANCE_DATABASE), autocommit=True) as admin:
                found = admin.execute(
                    "select 1 from pg_database where datname = %s", (self.database,)
                ).fetchone()
                if found:  # it exists: the first connection failed for another reason
                    raise ServeError(f"cannot connect to {self.describe()}: {first_error}")
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.database)))
                return True
        except psycopg.errors.DuplicateDatabase:  # another process created it meanwhile
            return False
        except psycopg.Error as exc:
            second_error = _one_line(exc)
            also = (
                ""
                if second_error == first_error
                else f"; creating it from database {MAINTENANCE_DATABASE!r}: {second_error}"
            )
            raise ServeError(
                f"cannot connect to {self.describe()}: {first_error}{also} "
                "(CTW_DAGSTER_PG_*, `./warehouse --help`)"
            ) from None

    def storage_config(self) -> dict:
        """dagster.yaml's `storage` block: dagster-postgres's storage, its run storage and event
        log keeping their connections open (orchestration/server/storage.py)."""
        postgres_db = {
            # SQLAlchemy 2.1 reads a plain postgresql:// as psycopg 3, whose server-side
            # parameters break dagster-postgres's `NOTIFY run_events, %(id)s` (syntax error at
            # "$1"); psycopg2 binds on the client, as dagster-postgres expects.
            "scheme": "postgresql+psycopg2",
            "hostname": self.host,
            "port": self.port,
            "username": self.user,
            "db_name": self.database,
        }
        if self.password_env:
            postgres_db["password"] = {"env": self.password_env}
        return {
            "custom": {
                "module": POOLED_STORAGE_MODULE,
                "class": POOLED_STORAGE_CLASS,
                "config": {"postgres_db": postgres_db},
            }
        }


def _one_line(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    return "; ".join(lines) or type(exc).__name__


def instance_config(existing: dict, database: DagsterDatabase) -> dict:
    """`existing` dagster.yaml with serve's storage and run queue (written last, so that a
    rewrite gives the same file); telemetry, nux, freshness and any other key kept."""
    config = {
        key: value
        for key, value in existing.items()
        if key not in (*STORAGE_KEYS, *QUEUE_KEYS, "concurrency")
    }
    config.setdefault("telemetry", {"enabled": False})
    config.setdefault("nux", {"enabled": False})
    config.setdefault("freshness", {"enabled": True})  # opt-in in Dagster 1.13
    config["storage"] = database.storage_config()
    config["run_coordinator"] = {
        "module": "dagster._core.run_coordinator",
        "class": "QueuedRunCoordinator",
        # a queued build starts within a second of its turn, not five (Dagster's default): the
        # daemon's look at the queue is one query on its kept connection
        "config": {"dequeue_interval_seconds": DEQUEUE_SECONDS},
    }
    concurrency = dict(existing.get("concurrency") or {})  # pools and the like stay
    concurrency["runs"] = {
        **(concurrency.get("runs") or {}),
        "max_concurrent_runs": MAX_CONCURRENT_RUNS,
    }
    config["concurrency"] = concurrency
    return config


def write_instance_config(home: Path, database: DagsterDatabase) -> Path:
    """Write DAGSTER_HOME/dagster.yaml for server mode (atomically: the webserver and daemon of
    separate containers may both write it)."""
    path = home / "dagster.yaml"
    try:
        existing = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    except yaml.YAMLError as exc:
        raise ServeError(f"{path}: not valid YAML ({_one_line(exc)})") from None
    if existing is not None and not isinstance(existing, dict):
        raise ServeError(f"{path}: expected a mapping of settings, found {type(existing).__name__}")
    text = HEADER + yaml.safe_dump(instance_config(existing or {}, database), sort_keys=False)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path
