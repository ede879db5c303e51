"""A DuckDB warehouse: one live file, a build slot beside it, kept builds for rollback.

    data/warehouse.duckdb                    the live warehouse consumers open (read-only)
    data/warehouse.builds/build.lock         who is building
    data/warehouse.builds/building/…         the build in progress (same file name, so the
                                             catalog name dbt writes into views is the same)
    data/warehouse.builds/kept/<build_id>/…  previous good builds (hard links, no copies),
                                             each with its record (build.json)

Publishing is `os.replace` of the built file over the live one: a reader opens either the old
file or the new one, never a mix, and a failed build never touches the live file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from orchestration.raw.load import LOG_TABLE
from orchestration.sources import study_schemas
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
from orchestration.warehouse.lock import FileBuildLock

KEPT_RECORD = "build.json"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def disabled_compression_statement(methods: str) -> str:
    """`SET disabled_compression_methods = 'fsst'`: a SET, since DuckDB ignores the option in a
    connection's config (CTW_DUCKDB_DISABLED_COMPRESSION)."""
    return f"SET disabled_compression_methods = {_literal(methods)}"


class DuckDBStore:
    target = "duckdb"
    unlogged_tables = False  # a PostgreSQL setting (CTW_PG_UNLOGGED_TABLES)

    def __init__(
        self,
        live_path: str | Path,
        raw_schema: str = "raw_aact",
        memory_limit: str = "2GB",
        temp_dir: str = "",
        keep: int = 3,
        disabled_compression: str = "",
    ):
        self.live = Path(live_path).expanduser().resolve()
        self.home = self.live.with_name(self.live.stem + ".builds")
        self.slot_dir = self.home / "building"
        self.slot = self.slot_dir / self.live.name
        self.kept_dir = self.home / "kept"
        self.scratch_dir = self.slot_dir / "scratch"
        self.raw_schema = raw_schema
        self.memory_limit = memory_limit
        self.disabled_compression = disabled_compression
        self.temp_dir = Path(temp_dir) if temp_dir else self.home / "spill"
        self.keep = keep
        self._lock = FileBuildLock(self.home / "build.lock")

    def describe(self) -> str:
        return str(self.live)

    def lock(self) -> FileBuildLock:
        return self._lock

    # --- building -------------------------------------------------------------------------

    def begin(self, build_id: str) -> list[str]:
        """A fresh, empty slot for `build_id` (a failed build's leftovers are removed)."""
        self._lock.acquire_in_turn()  # a CLI build holds it already; a queued run waits
        self._lock.label(build_id)
        shutil.rmtree(self.slot_dir, ignore_errors=True)
        self.scratch_dir.mkdir(parents=True)
        (self.slot_dir / "build_id").write_text(build_id)
        return []  # nothing to report: a killed build's process leaves no server behind

    @property
    def slot_schema(self) -> str:
        """The raw schema inside the build's own file."""
        return self.raw_schema

    def slot_schema_for(self, raw_schema: str) -> str:
        return raw_schema

    def slot_build_id(self) -> str | None:
        marker = self.slot_dir / "build_id"
        return marker.read_text().strip() if marker.exists() else None

    @contextmanager
    def connect_slot(self):
        """A read-write connection to the slot, with the memory limit and spill directory set;
        closed (and so checkpointed) on exit."""
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(
            str(self.slot),
            config={
                "memory_limit": self.memory_limit,
                "temp_directory": str(self.temp_dir),
                "preserve_insertion_order": False,
            },
        )
        try:
            con.execute(disabled_compression_statement(self.disabled_compression))
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {_quote(self.raw_schema)}")
            yield con
        finally:
            con.close()

    @contextmanager
    def load_lane(self, connection: duckdb.DuckDBPyConnection):
        """A second connection to the slot beside `connection` (its settings are the database's,
        set in connect_slot), for the raw load's second lane: DuckDB's CSV reader keeps about
        1.6 of 2 cores busy, so two tables loading at once fill both (the 560,000-study input:
        29–30 s against 32–37 s one at a time)."""
        lane = connection.cursor()
        try:
            yield lane
        finally:
            lane.close()

    def slot_row_counts(self, relations: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """Rows of each (schema, name) table or view in the build, once nothing writes to it."""
        counts = {}
        with duckdb.connect(str(self.slot), read_only=True) as con:
            for schema, name in relations:
                try:
                    counts[(schema, name)] = con.execute(
                        f"select count(*) from {_quote(schema)}.{_quote(name)}"
                    ).fetchone()[0]
                except duckdb.CatalogException:
                    continue
        return counts

    def slot_largest_table_rows(self, schemas: list[str]) -> int:
        """Rows of the largest table in `schemas` of the build, from DuckDB's catalog (exact
        for a table only ever appended to)."""
        with duckdb.connect(str(self.slot), read_only=True) as con:
            return con.execute(
                "select coalesce(max(estimated_size), 0) from duckdb_tables() "
                "where list_contains(?, schema_name)",
                [schemas],
            ).fetchone()[0]

    def run_in_slot(self, statements: list[str], query: str) -> list[tuple]:
        """Run `statements` in the build, then `query`, with the live warehouse attached
        read-only as `live` (see `change_relations`)."""
        with self.connect_slot() as con:
            if self.live.exists():
                con.execute(f"ATTACH {_literal(str(self.live))} AS live (READ_ONLY)")
            for statement in statements:
                con.execute(statement)
            return con.execute(query).fetchall()

    def change_relations(self) -> Relations:
        old_raw = old_marts = None
        if self.live.exists():
            with duckdb.connect(str(self.live), read_only=True) as con:
                tables = set(
                    con.execute(
                        "select table_schema || '.' || table_name from information_schema.tables"
                    ).fetchall()
                )
            if (f"{self.raw_schema}.{CHANGES_TABLE}",) in tables:
                old_raw = f"live.{_quote(self.raw_schema)}"
            if ("marts.dim_trials",) in tables:
                old_marts = "live.marts"
        return Relations(_quote(self.raw_schema), "marts", old_raw, old_marts)

    def emptied_raw_tables(self) -> list[str]:
        return []  # nothing is unlogged in a DuckDB file

    def dbt_env(self) -> dict[str, str]:
        return {
            "CTW_DBT_DUCKDB_PATH": str(self.slot),
            "CTW_DBT_TEMP_DIR": str(self.temp_dir),
            "CTW_DBT_SCHEMA_SUFFIX": "",
            "CTW_DBT_UNLOGGED": "off",
            # a build writes its own file; `./warehouse dbt` reads the live one (read_only)
            "CTW_DBT_DUCKDB_ACCESS_MODE": "automatic",
        }

    def discard(self) -> None:
        shutil.rmtree(self.slot_dir, ignore_errors=True)

    # --- publishing, history, rollback ----------------------------------------------------

    def _checkpoint_if_wal(self, path: Path) -> None:
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            with duckdb.connect(str(path)) as con:
                con.execute("CHECKPOINT")
        if wal.exists():
            raise WarehouseStateError(f"{path}: could not checkpoint its write-ahead log")

    def _keep_live(self) -> None:
        """Hard-link the live file into kept/<its build id> before it is replaced."""
        if not self.live.exists():
            return
        record = self._record(self.live, "kept")
        kept = self.kept_dir / record.build_id
        shutil.rmtree(kept, ignore_errors=True)
        kept.mkdir(parents=True)
        try:
            os.link(self.live, kept / self.live.name)
        except OSError:
            shutil.copy2(self.live, kept / self.live.name)
        # what builds() lists of it, without opening its file (each open reads the catalog)
        (kept / KEPT_RECORD).write_text(json.dumps(dataclasses.asdict(record)))

    def publish(self, build_id: str) -> list[BuildRecord]:
        """Switch consumers to the slot's build in one `os.replace`; keep the previous one."""
        if self.slot_build_id() != build_id or not self.slot.exists():
            raise WarehouseStateError(f"no finished build {build_id} to publish in {self.slot}")
        self._checkpoint_if_wal(self.slot)
        if self.live.exists():
            self._checkpoint_if_wal(self.live)
        self._keep_live()
        os.replace(self.slot, self.live)
        self.discard()
        self._prune()
        return self.builds()

    def rollback(self, build_id: str | None = None) -> BuildRecord:
        """Make a kept build live again (the one live most recently, unless named); the current
        live build is kept in its place, so a rollback can itself be undone."""
        chosen = choose_kept(self.builds(), build_id, str(self.live))
        self._lock.acquire()
        try:
            source = self.kept_dir / chosen.build_id / self.live.name
            staged = self.live.with_name(f".{self.live.name}.rollback")
            staged.unlink(missing_ok=True)
            os.link(source, staged)
            self._keep_live()
            os.replace(staged, self.live)
            shutil.rmtree(self.kept_dir / chosen.build_id)
            self._prune()
        finally:
            self._lock.release()
        return self._record(self.live, "live")

    def _kept_dirs(self) -> list[Path]:
        """Kept builds, the one live most recently first (a build rolled back to and away from
        again is kept as of then, not as of its build id), then by build id."""

        def kept_at(folder: Path) -> tuple[int, str]:
            record = folder / KEPT_RECORD
            stat = record.stat() if record.exists() else folder.stat()
            return stat.st_mtime_ns, folder.name

        return sorted((p for p in self.kept_dir.glob("*") if p.is_dir()), key=kept_at, reverse=True)

    def _prune(self) -> None:
        for old in self._kept_dirs()[self.keep :]:
            shutil.rmtree(old, ignore_errors=True)

    def _record(self, path: Path, state: str) -> BuildRecord:
        record = f"{_quote(self.raw_schema)}.{_quote(BUILD_TABLE)}"
        log = f"{_quote(self.raw_schema)}.{_quote(LOG_TABLE)}"
        rows = []
        with duckdb.connect(str(path), read_only=True) as con:
            for statement in (
                BUILD_RECORD_SQL.format(table=record),
                BUILD_SUMMARY_SQL.format(log=log) + " order by build_id desc limit 1",
            ):
                try:
                    rows = con.execute(statement).fetchall()
                    break
                # no record (an older build), no log, or a log from before builds had ids
                except (duckdb.CatalogException, duckdb.BinderException):
                    continue
        if not rows or rows[0][0] is None:
            return BuildRecord("legacy", None, None, None, state)
        build_id, loaded_at, source, studies = rows[0]
        return BuildRecord(build_id, loaded_at, source, studies, state)

    def builds(self) -> list[BuildRecord]:
        """The live build, then kept builds, the one live most recently first."""
        live = self.live_build()
        return ([live] if live else []) + [
            self._kept_record(kept)
            for kept in (folder / self.live.name for folder in self._kept_dirs())
            if kept.exists()
        ]

    def live_build(self) -> BuildRecord | None:
        return self._record(self.live, "live") if self.live.exists() else None

    @contextmanager
    def reading_live(self) -> Iterator[None]:
        """Keep the live file open read-only for the reads inside: each of them then connects
        to the open database (DuckDB's instance cache) instead of opening the file again and
        reading its catalog (~20 ms each; a build's checks and change record do ~15). Closed on
        exit, before anything replaces the file (publish, rollback)."""
        if not self.live.exists():
            yield
            return
        held = duckdb.connect(str(self.live), read_only=True)
        try:
            yield
        finally:
            held.close()

    def _kept_record(self, kept: Path) -> BuildRecord:
        """From the record written beside it when it was kept, else (kept by an older version)
        from its file."""
        try:
            return BuildRecord(**json.loads((kept.parent / KEPT_RECORD).read_text()))
        except (OSError, ValueError, TypeError):
            return self._record(kept, "kept")

    def live_study_count(self) -> int | None:
        if not self.live.exists():
            return None
        with duckdb.connect(str(self.live), read_only=True) as con:
            present = {
                r[0]
                for r in con.execute(
                    "select table_schema from information_schema.tables "
                    "where table_name = 'studies' and list_contains(?, table_schema)",
                    [list(study_schemas(self.raw_schema).values())],
                ).fetchall()
            }
            if not present:
                return None
            tables = [f"{_quote(schema)}.studies" for schema in present]
            return con.execute(distinct_studies_sql(tables)).fetchone()[0]

    def query(self, statement: str) -> list[tuple]:
        """Rows of a read-only query against the live warehouse."""
        return self.query_with_columns(statement)[1]

    def queries(self, statements: list[str]) -> list[list[tuple]]:
        """The rows of each read-only query, on one connection (opening the file is the costly
        part of a small query: the catalog of every schema of every kept build)."""
        self._require_live()
        with duckdb.connect(str(self.live), read_only=True) as con:
            return [con.execute(statement).fetchall() for statement in statements]

    def _require_live(self) -> None:
        if not self.live.exists():
            raise WarehouseStateError(
                f"no warehouse at {self.live} yet: run `./warehouse build` first"
            )

    def query_with_columns(self, statement: str) -> tuple[list[str], list[tuple]]:
        self._require_live()
        with duckdb.connect(str(self.live), read_only=True) as con:
            cursor = con.execute(statement)
            columns = [d[0] for d in cursor.description or []]
            return columns, cursor.fetchall()

    @contextmanager
    def user_query_batches(
        self, statement: str, batch_rows: int = 10_000
    ) -> Iterator[tuple[list[str], Iterator[list[tuple]]]]:
        """A user's query (`./warehouse sql`): the live file read-only, with no access to other
        files (`COPY … TO`, `read_csv`, `ATTACH`, extensions) nor a way to turn that back on,
        and one statement that reads: a query, `describe`, `show`, `pragma`, `explain`. Its
        columns and its rows a batch at a time, read while the caller writes them (a whole mart
        is not held in memory)."""
        self._require_live()
        sandbox = {"enable_external_access": False, "lock_configuration": True}
        with duckdb.connect(str(self.live), read_only=True, config=sandbox) as con:
            statements = con.extract_statements(statement)
            if len(statements) != 1:
                raise WarehouseStateError(
                    f"refused: one statement per call (the text holds {len(statements)})"
                )
            kind = statements[0].type
            if kind not in (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN):
                raise WarehouseStateError(
                    f"refused: {kind.name} is not a query; ./warehouse sql runs one (select …)"
                )
            cursor = con.execute(statement)
            intervals = [d[0] for d in cursor.description or [] if str(d[1]) == "INTERVAL"]
            if intervals and kind == duckdb.StatementType.SELECT:
                cursor = _intervals_as_text(con, statements[0].query, intervals)
            yield (
                [d[0] for d in cursor.description or []],
                iter(lambda: cursor.fetchmany(batch_rows), []),
            )


def _intervals_as_text(con, query: str, columns: list[str]):
    """The query again with its INTERVAL columns as DuckDB writes them ("1 year 2 months"):
    Python's timedelta has no months (a year would read 360 days). When that cannot be (a
    column name given twice), the query as it was."""
    quoted = ['"' + c.replace('"', '""') + '"' for c in columns]
    casts = ", ".join(f"cast({q} as varchar) as {q}" for q in quoted)
    try:  # the query as DuckDB's parser reads it: no trailing `;` or comments
        (bare,) = con.execute(
            "select json_deserialize_sql(json_serialize_sql(?))", [query]
        ).fetchone()
        return con.execute(f"select * replace ({casts}) from ({bare}) as user_query")
    except duckdb.Error:
        return con.execute(query)  # its own result again (the failed one closed it)
