"""A PostgreSQL warehouse: live schemas, a build written into `<schema>__building` schemas, and
kept builds in `<schema>__kept_<build_id>` schemas.

Publishing renames schemas in a single transaction: views and queries bind to objects, not
names, so a reader sees the old warehouse or the new one, never a mix, and a failed build
never touches the live schemas.

SQL tools read the marts as a NOLOGIN reader role (CTW_PG_READER_ROLE) that login users are
granted. Privileges belong to objects, so they follow a schema through a rename: the same
transaction that swaps a build in grants the reader the new live marts and takes USAGE away
from the marts it sends to the kept builds, whether it publishes or rolls back.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

from orchestration.raw.load import LOG_TABLE
from orchestration.sources import raw_schemas, study_schemas
from orchestration.warehouse.builds import (
    BUILD_RECORD_SQL,
    BUILD_SUMMARY_SQL,
    BUILD_TABLE,
    BuildRecord,
    WarehouseStateError,
    choose_kept,
    distinct_studies_sql,
)
from orchestration.warehouse.changes import CHANGES_TABLE, Relations
from orchestration.warehouse.lock import AdvisoryBuildLock
from orchestration.warehouse.pg_sessions import (
    LockWaitTimeout,
    application_name,
    end_orphaned_backends,
    lock_holders,
    lock_timeout_option,
    wait_message,
)

BUILDING = "__building"
KEPT = "__kept_"
KEPT_AT = "kept at "  # the kept raw schema's comment: when it stopped being live (UTC, ISO)
READER_SCHEMAS = ("marts",)  # what the reader role may read: the live marts, nothing else
COUNTING_LANES = 2  # sessions counting a build's relations at once (slot_row_counts)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


class PostgresStore:
    target = "postgres"

    def __init__(
        self,
        conninfo: str,
        database: str,
        raw_schema: str = "raw_aact",
        dbt_schemas: tuple[str, ...] = ("staging", "intermediate", "marts"),
        keep: int = 3,
        *,
        reader_role: str = "ctwarehouse_reader",
        sql_login: str = "ctwarehouse_sql",
        lock_timeout: str = "10s",
        scratch_dir: Path,
        dbt_options: str = "",
        unlogged_tables: bool = True,
    ):
        self.conninfo = conninfo
        self.database = database
        self.raw_schema = raw_schema
        self.schemas = (*raw_schemas(raw_schema).values(), *dbt_schemas)
        self.keep = keep
        self.reader_role = reader_role
        self.sql_login = sql_login  # the login `./warehouse sql` connects as (see sql_reader)
        self.lock_timeout = lock_timeout
        self._options = lock_timeout_option(lock_timeout)
        self.warnings: list[str] = []  # what a publish could not do now (a kept build in use)
        self.reader_schemas = tuple(s for s in READER_SCHEMAS if s in dbt_schemas)
        self.scratch_dir = Path(scratch_dir)  # local files of a build: unpacked zips, dbt's logs
        self.dbt_options = dbt_options  # PGOPTIONS of dbt's sessions (CTW_PG_DBT_OPTIONS)
        # raw tables and intermediate models skip the WAL (CTW_PG_UNLOGGED_TABLES)
        self.unlogged_tables = unlogged_tables
        self._lock = AdvisoryBuildLock(conninfo, database)

    def describe(self) -> str:
        return self.database

    def lock(self) -> AdvisoryBuildLock:
        return self._lock

    def _connect(self, step: str, **kwargs) -> psycopg.Connection:
        """A session named after the build this process holds the lock for, and `step`; it
        waits at most CTW_PG_LOCK_TIMEOUT for any lock."""
        name = application_name(self._lock.held_build_id(), step)
        try:
            return psycopg.connect(
                self.conninfo, application_name=name, options=self._options, **kwargs
            )
        except psycopg.OperationalError as exc:
            raise WarehouseStateError(
                f"PostgreSQL warehouse {self.database}: cannot connect: {exc}".strip()
            ) from exc

    def _existing(self, conn: psycopg.Connection) -> set[str]:
        return {r[0] for r in conn.execute("select nspname from pg_namespace").fetchall()}

    def _building(self) -> list[str]:
        return [schema + BUILDING for schema in self.schemas]

    @contextmanager
    def _lock_wait(self, what: str, schemas: list[str] | None = None):
        """A lock wait that timed out becomes a LockWaitTimeout naming the sessions holding
        locks in `schemas` (default: every live, building and kept schema of the warehouse)."""
        try:
            yield
        except psycopg.errors.LockNotAvailable as exc:
            with self._connect("lock-wait", autocommit=True) as conn:
                if schemas is None:
                    schemas = [
                        name
                        for name in self._existing(conn)
                        if any(name == s or name.startswith(s + "__") for s in self.schemas)
                    ]
                holders = lock_holders(conn, schemas)
            raise LockWaitTimeout(wait_message(what, self.lock_timeout, holders)) from exc

    def ensure_reader_role(self) -> None:
        """Create the reader role unless it exists. Roles are cluster-wide and builds of other
        databases may create it at the same moment: the loser of that race sees the role."""
        role = sql.Identifier(self.reader_role)
        with self._connect("roles", autocommit=True) as conn:
            exists = "select 1 from pg_roles where rolname = %s"
            if conn.execute(exists, (self.reader_role,)).fetchone():
                self._ensure_sql_login(conn)
                return
            try:
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(role))
            except (psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
                pass  # created by a concurrent build
            except psycopg.errors.InsufficientPrivilege as exc:
                raise WarehouseStateError(
                    f"PostgreSQL warehouse {self.database}: the reader role "
                    f"{self.reader_role!r} does not exist and this user may not create it; ask "
                    f"an admin to run CREATE ROLE {role.as_string(conn)} NOLOGIN, or set "
                    "CTW_PG_READER_ROLE to a role that exists"
                ) from exc
            self._ensure_sql_login(conn)

    def _ensure_sql_login(self, conn: psycopg.Connection) -> None:
        """The login `./warehouse sql` uses: a member of the reader role and nothing else, so a
        pasted statement has the reader's privileges whatever it does to its session. Created
        when missing and this user may; otherwise `./warehouse sql` names what an admin runs."""
        if conn.execute("select 1 from pg_roles where rolname = %s", (self.sql_login,)).fetchone():
            return
        try:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
                    sql.Identifier(self.sql_login), sql.Identifier(self.reader_role)
                )
            )
        except (psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
            pass  # created by a concurrent build
        except psycopg.errors.InsufficientPrivilege:
            pass  # the build does not need it

    # --- building -------------------------------------------------------------------------

    def begin(self, build_id: str) -> list[str]:
        """Fresh, empty `__building` schemas (a failed build's leftovers are dropped), once the
        backends a killed build left running are ended. Returns what it did to say so."""
        self.ensure_reader_role()  # before the lock and the load: a missing privilege fails at once
        self._lock.acquire_in_turn()  # a CLI build holds it already; a queued run waits
        self._lock.label(build_id)
        ended = end_orphaned_backends(self._lock.connection(), build_id)
        shutil.rmtree(self.scratch_dir, ignore_errors=True)
        self.scratch_dir.mkdir(parents=True)
        with self._dropping_building("begin", "dropping the __building schemas") as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(self.slot_schema)))
            conn.execute(
                sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                    sql.Identifier(self.slot_schema), sql.Literal(build_id)
                )
            )
        return [ended] if ended else []

    @property
    def slot_schema(self) -> str:
        return self.raw_schema + BUILDING

    def slot_schema_for(self, raw_schema: str) -> str:
        return raw_schema + BUILDING

    def slot_build_id(self) -> str | None:
        with self._connect("read") as conn:
            row = conn.execute(
                "select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = %s",
                (self.slot_schema,),
            ).fetchone()
        return row[0] if row else None

    @contextmanager
    def connect_slot(self):
        """One transaction on the build's raw schema, committed on success."""
        with (
            self._lock_wait("loading the raw tables", self._building()),
            self._connect("load") as conn,
        ):
            yield conn

    @contextmanager
    def load_lane(self, connection):
        """A second session on the build's raw schemas beside `connection` (committed first, so
        the lane sees the schemas it created): the server parses each COPY on one core."""
        connection.commit()
        with self.connect_slot() as lane:
            yield lane

    def slot_row_counts(self, relations: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """Rows of each (schema, name) table or view in the build's `__building` schemas, on
        two sessions at once: a view's count runs its query (a staging view of ten million
        measurements casts every row: 16 s at 560,000 studies), and the server has a core for
        each."""
        lanes = [relations[lane::COUNTING_LANES] for lane in range(COUNTING_LANES)]
        with ThreadPoolExecutor(COUNTING_LANES) as pool:
            counted = list(pool.map(self._count_rows, lanes))
        return {relation: rows for lane in counted for relation, rows in lane.items()}

    def _count_rows(self, relations: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        counts = {}
        if not relations:
            return counts
        with self._lock_wait("counting rows"), self._connect("checks", autocommit=True) as conn:
            for schema, name in relations:
                try:
                    counts[(schema, name)] = conn.execute(
                        sql.SQL("select count(*) from {}").format(
                            sql.Identifier(schema + BUILDING, name)
                        )
                    ).fetchone()[0]
                except psycopg.errors.UndefinedTable:
                    continue
        return counts

    def run_in_slot(self, statements: list[str], query: str) -> list[tuple]:
        """Run `statements` in the build's schemas, then `query`, in one transaction; the live
        schemas are beside them in the same database (see `change_relations`)."""
        with (
            self._lock_wait("reading the build and the live warehouse"),
            self._connect("checks") as conn,
        ):
            for statement in statements:
                conn.execute(statement)
            return conn.execute(query).fetchall()

    def change_relations(self) -> Relations:
        with self._connect("checks") as conn:
            tables = {
                (schema, name)
                for schema, name in conn.execute(
                    "select table_schema, table_name from information_schema.tables"
                ).fetchall()
            }
        return Relations(
            new_raw=_quote(self.raw_schema + BUILDING),
            new_marts=_quote("marts" + BUILDING),
            old_raw=_quote(self.raw_schema) if (self.raw_schema, CHANGES_TABLE) in tables else None,
            old_marts='"marts"' if ("marts", "dim_trials") in tables else None,
        )

    def dbt_env(self) -> dict[str, str]:
        """dbt's profile reads the CTW_DBT_* values; libpq reads PGAPPNAME and PGOPTIONS, which
        name dbt's sessions after the build and bound their lock waits (the profile leaves
        application_name empty, so PGAPPNAME applies, and sets no search_path, so PGOPTIONS
        does; neither is a profile variable, so a new build id does not make dbt parse again)."""
        env = {
            "CTW_DBT_SCHEMA_SUFFIX": BUILDING,
            "CTW_DBT_DUCKDB_PATH": "",
            "CTW_DBT_TEMP_DIR": "",
            "CTW_DBT_DUCKDB_ACCESS_MODE": "",
            "PGAPPNAME": application_name(self._lock.held_build_id(), "dbt"),
        }
        # dbt-postgres has no profile field for session settings; libpq reads PGOPTIONS when
        # each of dbt's threads connects, so models and tests all run with them: the user's
        # own, then CTW_PG_DBT_OPTIONS, then the lock timeout (a later -c wins)
        options = [os.environ.get("PGOPTIONS", ""), self.dbt_options, self._options]
        env["PGOPTIONS"] = " ".join(filter(None, options))
        # the intermediate models' `unlogged` (dbt_project.yml)
        env["CTW_DBT_UNLOGGED"] = "on" if self.unlogged_tables else "off"
        return env

    def lock_wait_holders(self) -> list[str]:
        """Who holds locks in the `__building` schemas now (after dbt gave up waiting)."""
        with self._connect("lock-wait", autocommit=True) as conn:
            return lock_holders(conn, self._building())

    def discard(self) -> None:
        shutil.rmtree(self.scratch_dir, ignore_errors=True)
        with self._dropping_building("discard", "discarding the __building schemas"):
            pass

    @contextmanager
    def _dropping_building(self, step: str, doing: str) -> Iterator[psycopg.Connection]:
        """A session (named after `step`) that has dropped every `__building` schema, its lock
        waits bounded and explained as `doing`; its transaction commits on exit."""
        building = self._building()
        with self._lock_wait(doing, building), self._connect(step) as conn:
            for schema in building:
                statement = sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE")
                conn.execute(statement.format(sql.Identifier(schema)))
            yield conn

    # --- publishing, history, rollback ----------------------------------------------------

    def _swap_in(self, conn: psycopg.Connection, suffix: str) -> None:
        """Within the caller's transaction: live schemas → kept, `<schema><suffix>` → live; the
        reader role follows the live marts."""
        existing = self._existing(conn)
        role = sql.Identifier(self.reader_role)
        if self.raw_schema in existing:
            live_id = self._record(conn, self.raw_schema, "live").build_id
            for schema in self.schemas:
                kept = f"{schema}{KEPT}{live_id}"
                if kept in existing:
                    conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(kept)))
                if schema in existing:
                    conn.execute(
                        sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                            sql.Identifier(schema), sql.Identifier(kept)
                        )
                    )
                    if schema == self.raw_schema:  # when it stopped being live: kept order
                        conn.execute(
                            sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                                sql.Identifier(kept), sql.Literal(KEPT_AT + _utc_now())
                            )
                        )
                    if schema in self.reader_schemas:
                        conn.execute(
                            sql.SQL("REVOKE ALL ON SCHEMA {} FROM {}").format(
                                sql.Identifier(kept), role
                            )
                        )
        for schema in self.schemas:
            if schema + suffix in existing:
                conn.execute(
                    sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                        sql.Identifier(schema + suffix), sql.Identifier(schema)
                    )
                )
                if schema in self.reader_schemas:
                    self._grant_reader(conn, schema)

    def _grant_reader(self, conn: psycopg.Connection, schema: str) -> None:
        """SELECT on every table and view of `schema`, and nothing that writes."""
        role, name = sql.Identifier(self.reader_role), sql.Identifier(schema)
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(name, role))
        conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(name, role))

    def publish(self, build_id: str) -> list[BuildRecord]:
        """Rename the built schemas into place in one transaction; keep the previous ones."""
        if self.slot_build_id() != build_id:
            raise WarehouseStateError(f"no finished build {build_id} to publish")
        self.ensure_reader_role()
        with self._lock_wait("publishing (schema renames)"), self._connect("publish") as conn:
            conn.execute(
                sql.SQL("COMMENT ON SCHEMA {} IS NULL").format(sql.Identifier(self.slot_schema))
            )
            self._swap_in(conn, BUILDING)
        self._prune()
        return self.builds()

    def rollback(self, build_id: str | None = None) -> BuildRecord:
        chosen = choose_kept(self.builds(), build_id, str(self.database))
        self._lock.acquire()
        try:
            self.ensure_reader_role()
            with (
                self._lock_wait("rolling back (schema renames)"),
                self._connect("rollback") as conn,
            ):
                staged = "__rollback"
                for schema in self.schemas:
                    source = f"{schema}{KEPT}{chosen.build_id}"
                    if source in self._existing(conn):
                        conn.execute(
                            sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                                sql.Identifier(source), sql.Identifier(schema + staged)
                            )
                        )
                self._swap_in(conn, staged)
            self._prune()
        finally:
            self._lock.release()
        return self.builds()[0]

    def _kept_ids(self, conn: psycopg.Connection) -> list[str]:
        """Kept builds, the one live most recently first (a build rolled back to and away
        from again is kept as of then, not as of its build id), then by build id."""
        prefix = self.raw_schema + KEPT
        rows = conn.execute(
            "select nspname, coalesce(obj_description(oid, 'pg_namespace'), '') "
            "from pg_namespace where starts_with(nspname, %s)",
            (prefix,),
        ).fetchall()
        kept = [(name[len(prefix) :], note.removeprefix(KEPT_AT)) for name, note in rows]
        return [build_id for build_id, _ in sorted(kept, key=lambda k: (k[1], k[0]), reverse=True)]

    def _prune(self) -> None:
        """Drop the kept builds beyond `keep`; one a reader still holds is left for the next
        publish, with a warning (the new build is live already)."""
        with self._connect("prune", autocommit=True) as conn:
            old_ids = self._kept_ids(conn)[self.keep :]
        for old in old_ids:
            kept = [f"{schema}{KEPT}{old}" for schema in self.schemas]
            try:
                with (
                    self._lock_wait(f"dropping kept build {old}", kept),
                    self._connect("prune") as conn,
                ):
                    for schema in kept:
                        statement = sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE")
                        conn.execute(statement.format(sql.Identifier(schema)))
            except LockWaitTimeout as exc:
                self.warnings.append(f"{exc} (the next build drops it)")

    def _record(self, conn: psycopg.Connection, raw_schema: str, state: str) -> BuildRecord:
        record = sql.Identifier(raw_schema, BUILD_TABLE).as_string(conn)
        log = sql.Identifier(raw_schema, LOG_TABLE).as_string(conn)
        rows = []
        for statement in (
            BUILD_RECORD_SQL.format(table=record),
            BUILD_SUMMARY_SQL.format(log=log) + " order by build_id desc limit 1",
        ):
            try:
                with conn.transaction():
                    rows = conn.execute(statement).fetchall()
                break
            # no record (an older build), no log, or a log from before builds had ids
            except (psycopg.errors.UndefinedTable, psycopg.errors.UndefinedColumn):
                continue
        if not rows or rows[0][0] is None:
            return BuildRecord("legacy", None, None, None, state)
        build_id, loaded_at, source, studies = rows[0]
        return BuildRecord(build_id, loaded_at, source, studies, state)

    def builds(self) -> list[BuildRecord]:
        with self._connect("read") as conn:
            live = self._live_record(conn)
            return ([live] if live else []) + [
                self._record(conn, self.raw_schema + KEPT + kept, "kept")
                for kept in self._kept_ids(conn)
            ]

    def live_build(self) -> BuildRecord | None:
        with self._connect("read") as conn:
            return self._live_record(conn)

    @contextmanager
    def reading_live(self) -> Iterator[None]:
        """The DuckDB store's batch of live reads; a PostgreSQL connection is cheap to open."""
        yield

    def _live_record(self, conn) -> BuildRecord | None:
        if self.raw_schema not in self._existing(conn):
            return None
        return self._record(conn, self.raw_schema, "live")

    def emptied_raw_tables(self) -> list[str]:
        """The live raw tables a crash of the server emptied: UNLOGGED (CTW_PG_UNLOGGED_TABLES),
        loaded with rows (`_loads`, logged) and now of size 0 (crash recovery resets them)."""
        found = []
        with (
            self._lock_wait("reading the raw tables' sizes"),
            self._connect("checks", autocommit=True) as conn,
        ):
            for schema in raw_schemas(self.raw_schema).values():
                query = sql.SQL(
                    "select loads.table_name from {} as loads inner join pg_class as tables "
                    "on tables.relname = loads.table_name "
                    "and tables.relnamespace = %s::regnamespace "
                    "where tables.relpersistence = 'u' and loads.row_count > 0 "
                    "and pg_relation_size(tables.oid) = 0 order by loads.table_name"
                ).format(sql.Identifier(schema, LOG_TABLE))
                try:
                    rows = conn.execute(query, (sql.Identifier(schema).as_string(conn),))
                except psycopg.errors.UndefinedTable:  # nothing live, or no such source
                    continue
                found += [f"{schema}.{name}" for (name,) in rows.fetchall()]
        return found

    def live_study_count(self) -> int | None:
        with self._lock_wait("counting the live studies"), self._connect("checks") as conn:
            present = [
                r[0]
                for r in conn.execute(
                    "select table_schema from information_schema.tables "
                    "where table_name = 'studies' and table_schema = any(%s)",
                    (list(study_schemas(self.raw_schema).values()),),
                ).fetchall()
            ]
            if not present:
                return None
            tables = [sql.Identifier(schema, "studies").as_string(conn) for schema in present]
            return conn.execute(distinct_studies_sql(tables)).fetchone()[0]

    def query(self, statement: str) -> list[tuple]:
        return self.query_with_columns(statement)[1]

    def queries(self, statements: list[str]) -> list[list[tuple]]:
        """The rows of each read-only query against the live schemas, on one connection."""
        with self._connect("read") as conn:
            conn.read_only = True
            return [conn.execute(statement).fetchall() for statement in statements]

    def query_with_columns(self, statement: str) -> tuple[list[str], list[tuple]]:
        """Columns and rows of a read-only query against the live schemas."""
        with self._connect("read") as conn:
            conn.read_only = True
            cursor = conn.execute(statement)
            columns = [d.name for d in cursor.description or []]
            return columns, cursor.fetchall() if cursor.description else []


def _utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
