"""`./warehouse sql`: one query against the live warehouse, which cannot change anything.

DuckDB: the live file, opened read-only, with no access to other files (no `COPY … TO`, no
`read_csv` of the machine's files), one statement that reads. PostgreSQL: fences that each stop
what the others let through, so that a pasted `commit; drop schema marts cascade` is refused
whole:

1. the session is the login CTW_PG_SQL_USER, which has the reader role's privileges (SELECT on
   the live marts) and no more. `SET ROLE` alone is not a fence: a superuser or the schemas'
   owner can undo it inside a single statement (`select set_config('role', 'postgres', false),
   pg_terminate_backend(…)`), so a login that is either is refused before the query runs;
2. the statement goes through the extended protocol (a prepared statement), which carries one
   statement: `commit; drop …` and `reset role; …` fail before anything runs;
3. it runs in a read-only transaction (in a session whose default is read-only) after `SET LOCAL
   ROLE` to the reader role, and that transaction is rolled back, never committed;
4. it must return rows and leave the session's settings as they were: `set transaction read
   write` or `select set_config('default_transaction_read_only', 'off', false)` are refused.

`read_mart` (orchestration/marts) reads through `reader_transaction` too: fences 1 and 3, around
statements of its own.
"""

from __future__ import annotations

import itertools
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql
from psycopg.types.string import TextLoader

from orchestration.warehouse.builds import WarehouseStateError
from orchestration.warehouse.stores import WarehouseConfig

# rows held in memory at a time (a batch of the output; on PostgreSQL a batch of the spool)
BATCH_ROWS = 10_000
# rows libpq hands over at once while streaming (chunked mode, libpq 17; one at a time before)
STREAM_ROWS = 1_000


class QueryRefused(WarehouseStateError):
    """The statement is not one read-only query, or failed; the message says which, in a line."""


# Predefined roles whose privileges have effects beyond reading the marts.
_RISKY_ROLES = (
    "pg_signal_backend",
    "pg_read_server_files",
    "pg_write_server_files",
    "pg_execute_server_program",
)
_LOGIN = """
select r.rolsuper,
       exists (select 1 from pg_namespace n where n.nspowner = r.oid
               and n.nspname not like 'pg\\_%%' and n.nspname <> 'information_schema'),
       pg_has_role(r.oid, %(reader)s, 'member'),
       array(select p from unnest(%(risky)s::text[]) p where pg_has_role(r.oid, p, 'usage'))
from pg_roles r where r.rolname = session_user
"""
_SESSION_STATE = """
select current_user, array(select name || '=' || setting from pg_settings order by name)
"""


def read_only_query(config: WarehouseConfig, statement: str) -> tuple[list[str], list[tuple]]:
    """Columns and rows of `statement`, run as described above, all at once."""
    with read_only_query_batches(config, statement) as (columns, batches):
        return columns, [row for batch in batches for row in batch]


@contextmanager
def read_only_query_batches(
    config: WarehouseConfig, statement: str, batch_rows: int = BATCH_ROWS
) -> Iterator[tuple[list[str], Iterator[list[tuple]]]]:
    """Columns and rows of `statement` a batch at a time: on DuckDB read while they are
    written; on PostgreSQL streamed from the server into a spool file, then read back from it
    once the session checks (fence 4) passed, so no row of a refused statement is written and
    memory holds one batch, whatever the result's size."""
    if config.target != "postgres":
        with config.store().user_query_batches(statement, batch_rows) as (columns, batches):
            yield columns, batches
        return
    with tempfile.TemporaryFile(prefix="ctw-sql-") as spool:
        columns = _postgres_query(config, statement, spool, batch_rows)
        spool.seek(0)
        yield columns, _spooled_batches(spool)


def _spooled_batches(spool) -> Iterator[list[tuple]]:
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _connect(config: WarehouseConfig) -> psycopg.Connection:
    try:
        conn = psycopg.connect(
            config.sql_conninfo(),
            application_name="ctwarehouse sql",
            options="-c default_transaction_read_only=on",  # turning it off is a change, refused
            autocommit=True,
        )
        # intervals as PostgreSQL writes them ("9 years 8 mons"): Python's timedelta has no
        # months (a year would read 365 days)
        conn.adapters.register_loader("interval", TextLoader)
    except psycopg.OperationalError as exc:
        login, reader = config.pg_sql_user, config.pg_reader_role
        raise QueryRefused(
            f"cannot connect to {config.pg_database} as {login} (CTW_PG_SQL_USER): "
            f"{_first_line(exc)}. A build creates that login when its user may create roles; "
            f'otherwise an admin runs CREATE ROLE "{login}" LOGIN IN ROLE "{reader}" (with a '
            "PASSWORD, then set CTW_PG_SQL_PASSWORD), or set CTW_PG_SQL_USER to a login granted "
            f"{reader}"
        ) from exc
    # A query whose client is gone (killed, its terminal closed) stops within seconds instead of
    # running on, holding its snapshot and locks (PostgreSQL 14 and later)
    try:
        conn.execute("SET client_connection_check_interval = '2s'")
    except psycopg.errors.UndefinedObject:
        pass
    conn.autocommit = False
    return conn


def _check_login(conn: psycopg.Connection, config: WarehouseConfig) -> None:
    row = conn.execute(
        _LOGIN, {"reader": config.pg_reader_role, "risky": list(_RISKY_ROLES)}
    ).fetchone()
    superuser, owner, member, risky = row
    login = f"CTW_PG_SQL_USER={config.pg_sql_user}"
    if superuser or owner:
        what = "a superuser" if superuser else "the owner of schemas in this database"
        raise QueryRefused(
            f"{login} is {what}, who could undo the reader role inside a statement; "
            f"./warehouse sql needs a login granted {config.pg_reader_role} and nothing else"
        )
    if not member:
        raise QueryRefused(f"{login} is not a member of {config.pg_reader_role}")
    if risky:
        raise QueryRefused(f"{login} has the privileges of {', '.join(risky)}: not read-only")


@contextmanager
def reader_transaction(
    config: WarehouseConfig, repeatable_read: bool = False
) -> Iterator[psycopg.Connection]:
    """A read-only transaction as the reader role, on the login CTW_PG_SQL_USER (fences 1 and 3),
    rolled back at the end. `repeatable_read`: every query of it sees the same snapshot."""
    with _connect(config) as conn:
        conn.read_only = True
        if repeatable_read:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        try:
            _check_login(conn, config)
            conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(config.pg_reader_role)))
            yield conn
        finally:
            if not conn.closed:
                conn.rollback()


def _postgres_query(config: WarehouseConfig, statement: str, spool, batch_rows: int) -> list[str]:
    """Run `statement` (fences 1–4) and pickle its rows into `spool`, `batch_rows` at a time;
    its column names."""
    with reader_transaction(config) as conn:
        before = conn.execute(_SESSION_STATE).fetchone()
        cursor = conn.cursor()
        try:
            # the extended protocol (one statement, or an error), in chunks of rows from libpq
            rows = cursor.stream(statement, size=_stream_rows())
            batch = list(itertools.islice(rows, batch_rows))
            while batch:
                pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
                batch = list(itertools.islice(rows, batch_rows))
        except psycopg.errors.SyntaxError as exc:
            if "multiple commands" in str(exc):
                raise QueryRefused(
                    "refused: one statement per call (the text holds several)"
                ) from None
            raise QueryRefused(f"query failed: {_first_line(exc)}") from None
        except psycopg.ProgrammingError as exc:
            if "use copy() instead" in str(exc):  # a COPY psycopg will not run this way
                conn.close()  # the session is mid-COPY: it ends here (nothing was written)
                raise QueryRefused(
                    "refused: COPY is not a query; ./warehouse sql runs one query (select …), "
                    "and --format csv writes its rows as CSV"
                ) from None
            if "didn't produce a result" in str(exc):  # a command (RESET, COMMIT, SET …) ran
                raise QueryRefused(_no_rows(statement)) from None
            raise QueryRefused(f"query failed: {_first_line(exc)}") from None
        except psycopg.Error as exc:
            raise QueryRefused(f"query failed: {_first_line(exc)}") from None
        if cursor.description is not None:
            columns = [d.name for d in cursor.description]
        else:  # a query with no rows: streamed, psycopg saw no row description
            columns = _columns_of(conn, statement)
        after = conn.execute(_SESSION_STATE).fetchone()
    if after != before:
        changed = _changes(before, after)
        raise QueryRefused(f"refused: the statement changes the session ({changed})")
    return columns


def _columns_of(conn: psycopg.Connection, statement: str) -> list[str]:
    """The column names of a query that returned no rows, from its prepared statement's
    description (nothing is run again)."""
    name = b"ctw_sql_columns"
    prepared = conn.pgconn.prepare(name, statement.encode())
    if prepared.status != psycopg.pq.ExecStatus.COMMAND_OK:
        raise QueryRefused(f"query failed: {prepared.get_error_message() or 'no description'}")
    described = conn.pgconn.describe_prepared(name)
    conn.pgconn.exec_(b"DEALLOCATE ctw_sql_columns")
    if described.nfields == 0:
        raise QueryRefused(_no_rows(statement))
    encoding = conn.info.encoding
    return [described.fname(i).decode(encoding) for i in range(described.nfields)]


def _stream_rows() -> int:
    """Chunks where libpq has them (17 and later; psycopg's binary wheel bundles one), else a
    row at a time."""
    return STREAM_ROWS if psycopg.pq.version() >= 170000 else 1


def _no_rows(statement: str) -> str:
    """`refused: RESET returns no rows; …`, named by the statement's first word (libpq gives a
    streamed command no result to read its tag from)."""
    words = statement.split()
    command = words[0].upper() if words else "the statement"
    return f"refused: {command} returns no rows; ./warehouse sql runs one query (select …)"


def _changes(before: tuple, after: tuple) -> str:
    changed = [] if before[0] == after[0] else [f"role {before[0]} → {after[0]}"]
    old, new = set(before[1]), set(after[1])
    changed += sorted(item for item in new - old)
    return ", ".join(changed)
