"""The PostgreSQL sessions of a build, by name: each one a build opens (loader, dbt's threads,
checks, publish) carries `ctwarehouse build <build id> <step>` as its application_name.

A killed build leaves its running queries in the server, holding their locks, until they end
(PostgreSQL notices a vanished client only when it next talks to it). The name lets the next
build, once it holds the build lock, tell a dead build's backends from its own and end them;
and every session waits at most `lock_timeout` for a lock, so a wait ends in a message naming the
session that holds it instead of a silent hang.
"""

from __future__ import annotations

import re

import psycopg

from orchestration.settings import SettingsError
from orchestration.warehouse.builds import WarehouseStateError

BUILD_PREFIX = "ctwarehouse build "
_BUILD_ID = r"[0-9]{8}_[0-9]{6}_[^ ]+"
MAX_APPLICATION_NAME = 63  # PostgreSQL truncates longer names (NAMEDATALEN - 1)
TERMINATE_WAIT_MS = 5000
_TIMEOUT = re.compile(r"[0-9]+ *(ms|s|min|h)?")


class LockWaitTimeout(WarehouseStateError):
    """A statement waited `lock_timeout` for a lock; the message names who holds it."""


def application_name(build_id: str | None, step: str) -> str:
    """`ctwarehouse build <build id> <step>` inside a build, `ctwarehouse <step>` outside."""
    name = f"{BUILD_PREFIX}{build_id} {step}" if build_id else f"ctwarehouse {step}"
    return name[:MAX_APPLICATION_NAME]


def lock_timeout_option(value: str, setting: str = "CTW_PG_LOCK_TIMEOUT") -> str:
    """libpq `options` that bound every lock wait of a session (e.g. `-c lock_timeout=10s`)."""
    if not _TIMEOUT.fullmatch(value.strip()):
        raise SettingsError(f"{setting}={value!r}: expected a duration such as 10s, 500ms or 2min")
    return "-c lock_timeout=" + value.replace(" ", "")


_ORPHANS = f"""
select pid, substring(application_name from '^{BUILD_PREFIX}({_BUILD_ID}) ') as build_id,
       substring(application_name from '^{BUILD_PREFIX}{_BUILD_ID} (.*)$') as step
from pg_stat_activity
where datname = current_database() and backend_type = 'client backend'
  and pid <> pg_backend_pid()
  and application_name ~ '^{BUILD_PREFIX}{_BUILD_ID} '
  and application_name not like %s
order by pid
"""


def end_orphaned_backends(conn: psycopg.Connection, build_id: str) -> str | None:
    """End the backends of every other build of this database, and say so in one line.

    The caller holds the build lock, which a build keeps for its whole life, so a backend
    named after another build is a dead build's (builds waiting for the lock carry no build
    id). None when there was none."""
    rows = conn.execute(_ORPHANS, (f"{BUILD_PREFIX}{build_id} %",)).fetchall()
    if not rows:
        return None
    ended, failed = [], []
    # PostgreSQL 14+ returns once the backend is gone (its locks released) when given a timeout
    waits = conn.info.server_version >= 140000
    terminate = f"select pg_terminate_backend(%s{', %s' if waits else ''})"
    for pid, _, step in rows:
        try:
            params = (pid, TERMINATE_WAIT_MS) if waits else (pid,)
            gone = conn.execute(terminate, params).fetchone()[0]
        except psycopg.Error as exc:
            failed.append(f"pid {pid}: {str(exc).strip().splitlines()[0]}")
            continue
        if gone:
            ended.append(f"{pid} ({step})")
        else:
            failed.append(f"pid {pid}: still there")
    builds = ", ".join(sorted({row[1] for row in rows}))
    line = f"ended {len(ended)} backend(s) left running by build {builds}, whose process is gone"
    line += f": pid {', '.join(ended)}" if ended else ""
    return line + (f"; could not end {'; '.join(failed)}" if failed else "")


_HOLDERS = """
select distinct a.pid, a.application_name, a.state, a.query_start, a.query
from pg_locks l
join pg_stat_activity a on a.pid = l.pid
left join pg_class c on l.locktype = 'relation' and c.oid = l.relation
join pg_namespace n on n.oid = coalesce(
    c.relnamespace,
    case when l.locktype = 'object' and l.classid = 'pg_namespace'::regclass then l.objid end)
where l.granted and a.pid <> pg_backend_pid() and a.datname = current_database()
  and n.nspname = any(%s)
order by a.query_start nulls last, a.pid
"""


def lock_holders(conn: psycopg.Connection, schemas: list[str]) -> list[str]:
    """One description per session holding a lock on a schema in `schemas` or on a table in
    one: pid, application, state, when its query started, and the query."""
    described = []
    for pid, app, state, started, query in conn.execute(_HOLDERS, (schemas,)).fetchall():
        text = " ".join((query or "").split())
        text = text if len(text) <= 160 else text[:157] + "…"
        when = f"{started:%Y-%m-%d %H:%M:%S %Z}" if started else "unknown"
        described.append(
            f"pid {pid} (application {app or '(none)'!r}, {state or 'state unknown'}, "
            f"query started {when}): {text or '(no query)'}"
        )
    return described


def wait_message(what: str, timeout: str, holders: list[str]) -> str:
    """`what` gave up after waiting `timeout` for a lock held by `holders`."""
    held = "; ".join(holders) if holders else "a session that has since let go of it"
    return (
        f"{what} waited {timeout} (CTW_PG_LOCK_TIMEOUT) for a lock held by {held}. End that "
        "session (or let it finish), then build again"
    )
