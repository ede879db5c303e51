"""A local mirror of ClinicalTrials.gov records, kept between builds: the raw JSON of every study
of a selection (zlib-compressed), and the state of the sync that fills it.

Each page is committed with the token of the next one, so an interrupted sync resumes where it
stopped; a study is replaced only by a version at least as new, so re-running is idempotent.
Warehouse builds read the mirror; they never call the API themselves.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from orchestration import settings
from orchestration.ctgov.records import CtgovRecordError, study_version

_NEWER = "coalesce(excluded.last_update_post_date, date '0001-01-01')"
_STORED = "coalesce(studies.last_update_post_date, date '0001-01-01')"

SCHEMA = """
create table if not exists studies (
    selection_key varchar not null,
    nct_id varchar not null,
    last_update_post_date date,
    version_holder date,
    fetched_at timestamp not null,
    content blob not null,
    primary key (selection_key, nct_id)
);
-- the study's AACT rows, encoded once and kept until the study or the flattener changes
alter table studies add column if not exists flat blob;
alter table studies add column if not exists flat_version varchar;
alter table studies add column if not exists flat_error varchar;
-- the flattener version that wrote `flat`: a newer record that cannot be read keeps the rows of
-- the one before it, while they are this flattener's
alter table studies add column if not exists flat_rows_version varchar;
create table if not exists rejects (
    sync_id bigint not null,
    selection_key varchar not null,
    position varchar not null,
    reason varchar not null,
    record varchar,
    rejected_at timestamp not null
);
create table if not exists syncs (
    sync_id bigint primary key,
    selection_key varchar not null,
    selection varchar not null,
    mode varchar not null,
    started_at timestamp not null,
    finished_at timestamp,
    next_page_token varchar,
    pages bigint not null default 0,
    studies bigint not null default 0,
    total_count bigint,
    updated_since date,
    data_timestamp varchar,
    removed bigint
);
"""


PAGE_COLUMNS = (
    "selection_key",
    "nct_id",
    "last_update_post_date",
    "version_holder",
    "fetched_at",
    "content",
)
REJECT_EXCERPT_CHARS = 2000
PAGE_SCHEMA = pa.schema(
    [
        ("selection_key", pa.string()),
        ("nct_id", pa.string()),
        ("last_update_post_date", pa.date32()),
        ("version_holder", pa.date32()),
        ("fetched_at", pa.timestamp("us")),
        ("content", pa.binary()),
    ]
)


def selection_key(params: dict[str, str]) -> str:
    """A stable key for a selection (the same parameters in any order give the same key)."""
    canonical = json.dumps(sorted(params.items()))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


@dataclass
class SyncState:
    sync_id: int
    selection_key: str
    mode: str
    next_page_token: str | None
    pages: int
    studies: int
    updated_since: date | None
    resumed: bool
    total_count: int | None = None  # the API's count of the selection's studies, from page 1


class CtgovMirror:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path))
        # the same cap as the warehouse's: beyond it DuckDB spills instead of growing
        self.con.execute(f"set memory_limit = '{settings.get('CTW_DUCKDB_MEMORY_LIMIT')}'")
        self.con.execute(SCHEMA)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> CtgovMirror:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- syncs ---------------------------------------------------------------------------------

    def high_water_mark(self, key: str) -> date | None:
        """The newest last-update date of the studies a finished sync of this selection left."""
        finished = self.con.execute(
            "select count(*) from syncs where selection_key = ? and finished_at is not null",
            [key],
        ).fetchone()[0]
        if not finished:
            return None
        return self.con.execute(
            "select max(last_update_post_date) from studies where selection_key = ?", [key]
        ).fetchone()[0]

    def start_sync(
        self, key: str, params: dict[str, str], mode: str, updated_since=None, restart=False
    ):
        """Resume the unfinished sync of this selection, or start a new one. With `restart`
        (`ctgov-sync --full`) an unfinished sync of another mode (an incremental one) is given
        up, not resumed; the studies it saved stay."""
        if restart:
            self.abandon_syncs(key, unless_mode=mode)
        row = self.con.execute(
            "select sync_id, mode, next_page_token, pages, studies, updated_since, total_count "
            "from syncs where selection_key = ? and finished_at is null "
            "order by sync_id desc limit 1",
            [key],
        ).fetchone()
        if row is not None:
            return SyncState(row[0], key, row[1], row[2], row[3], row[4], row[5], True, row[6])
        sync_id = self.con.execute("select coalesce(max(sync_id), 0) + 1 from syncs").fetchone()[0]
        self.con.execute(
            "insert into syncs (sync_id, selection_key, selection, mode, started_at, "
            "updated_since) values (?, ?, ?, ?, ?, ?)",
            [sync_id, key, json.dumps(params), mode, _now(), updated_since],
        )
        return SyncState(sync_id, key, mode, None, 0, 0, updated_since, False)

    def abandon_syncs(self, key: str, unless_mode: str = "") -> None:
        """Give up the unfinished syncs of a selection (but those of `unless_mode`): its next
        sync starts from page 1."""
        self.con.execute(
            "delete from syncs where selection_key = ? and finished_at is null and mode <> ?",
            [key, unless_mode],
        )

    def save_page(
        self, state: SyncState, studies: list[dict], next_token: str | None, total: int | None
    ) -> list[CtgovRecordError]:
        """Upsert a page's studies (newest version wins) and record the next token, in one
        transaction. Records that are not API v2 studies are returned, not stored."""
        rows, rejected, reject_rows = [], [], []
        fetched_at = _now()
        for index, study in enumerate(studies):
            position = f"{state.pages + 1}.{index + 1}"
            try:
                version = study_version(study, position)
            except CtgovRecordError as exc:
                rejected.append(exc)
                excerpt = json.dumps(study, separators=(",", ":"))[:REJECT_EXCERPT_CHARS]
                reject_rows.append(
                    [state.sync_id, state.selection_key, position, str(exc), excerpt, fetched_at]
                )
                continue
            content = zlib.compress(json.dumps(study, separators=(",", ":")).encode(), 6)
            rows.append(
                (
                    state.selection_key,
                    version.nct_id,
                    version.last_update_post_date,
                    version.version_holder,
                    fetched_at,
                    content,
                )
            )
        self.con.execute("begin transaction")
        try:
            if rows:
                # one Arrow table per page: DuckDB's executemany costs milliseconds per row
                self.con.register(
                    "_page",
                    pa.Table.from_pylist(
                        [dict(zip(PAGE_COLUMNS, row, strict=True)) for row in rows],
                        schema=PAGE_SCHEMA,
                    ),
                )
                self.con.execute(
                    f"insert into studies ({', '.join(PAGE_COLUMNS)}) select * from _page "
                    "on conflict (selection_key, nct_id) do update set "
                    "last_update_post_date = excluded.last_update_post_date, "
                    "version_holder = excluded.version_holder, fetched_at = excluded.fetched_at, "
                    "content = excluded.content, "
                    # the same record again (a full sync fetches every study): its rows hold
                    "flat_version = case when studies.content = excluded.content "
                    "then studies.flat_version end, "
                    "flat_error = case when studies.content = excluded.content "
                    "then studies.flat_error end "
                    # newest by lastUpdatePostDate, then versionHolder (a record without one
                    # is not older for that: NLM's derived section can be missing)
                    f"where {_NEWER} > {_STORED} or ({_NEWER} = {_STORED} "
                    "and coalesce(excluded.version_holder, date '0001-01-01') "
                    ">= coalesce(studies.version_holder, date '0001-01-01'))"
                )
                self.con.unregister("_page")
            if reject_rows:
                self.con.executemany("insert into rejects values (?, ?, ?, ?, ?, ?)", reject_rows)
            state.pages += 1
            state.studies += len(rows)
            state.next_page_token = next_token
            if state.total_count is None:
                state.total_count = total
            self.con.execute(
                "update syncs set next_page_token = ?, pages = ?, studies = ?, "
                "total_count = coalesce(total_count, ?) where sync_id = ?",
                [next_token, state.pages, state.studies, total, state.sync_id],
            )
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise
        return rejected

    def missing(self, key: str, listed: set[str]) -> list[str]:
        """The listed NCT ids the mirror does not hold for the selection, in order."""
        self.con.register("listed", pa.table({"nct_id": pa.array(sorted(listed), pa.string())}))
        try:
            rows = self.con.execute(
                "select nct_id from listed where nct_id not in "
                "(select nct_id from studies where selection_key = ?) order by nct_id",
                [key],
            ).fetchall()
        finally:
            self.con.unregister("listed")
        return [nct_id for (nct_id,) in rows]

    def sweep(self, state: SyncState, listed: set[str]) -> int:
        """Remove studies of the selection that the registry no longer lists for it."""
        self.con.register("listed", pa.table({"nct_id": pa.array(sorted(listed), pa.string())}))
        removed = self.con.execute(
            "delete from studies where selection_key = ? "
            "and nct_id not in (select nct_id from listed)",
            [state.selection_key],
        ).fetchone()[0]
        self.con.unregister("listed")
        self.con.execute("update syncs set removed = ? where sync_id = ?", [removed, state.sync_id])
        return removed

    def finish_sync(self, state: SyncState, data_timestamp: str | None) -> None:
        self.con.execute(
            "update syncs set finished_at = ?, data_timestamp = ? where sync_id = ?",
            [_now(), data_timestamp, state.sync_id],
        )

    # --- reading ---------------------------------------------------------------------------

    def data_timestamp(self, key: str) -> str | None:
        """The registry's data time (`/version` dataTimestamp) of the last finished sync."""
        row = self.con.execute(
            "select data_timestamp from syncs where selection_key = ? and finished_at is not null "
            "order by sync_id desc limit 1",
            [key],
        ).fetchone()
        return row[0] if row else None

    def rejects(self, key: str) -> list[tuple[str, str]]:
        """(position, reason) of the records the last finished sync of the selection refused
        (the running one's, while it runs)."""
        return self.con.execute(
            "select position, reason from rejects where sync_id = (select max(sync_id) from "
            "syncs where selection_key = ?) order by rejected_at, position",
            [key],
        ).fetchall()

    # --- flattened rows, kept beside each study --------------------------------------------------

    def unflattened(
        self, key: str, version: str, after: str = "", limit: int = 1000
    ) -> list[tuple[str, bytes]]:
        """(nct_id, content) of studies of the selection with no flattened rows of `version`
        (new or changed since, or flattened by another flattener), in nct_id order."""
        return self.con.execute(
            "select nct_id, content from studies where selection_key = ? and nct_id > ? "
            "and flat_version is distinct from ? order by nct_id limit ?",
            [key, after, version, limit],
        ).fetchall()

    def unflattened_count(self, key: str, version: str) -> int:
        return self.con.execute(
            "select count(*) from studies where selection_key = ? "
            "and flat_version is distinct from ?",
            [key, version],
        ).fetchone()[0]

    def store_flattened(
        self, key: str, version: str, rows: list[tuple[str, bytes | None, str | None]]
    ) -> None:
        """Keep (nct_id, flattened rows, error) beside the studies, in one statement. A study
        whose record cannot be flattened keeps the rows of its earlier record, if this
        flattener (`version`) wrote them: the build loads those, and names the study."""
        self.con.register(
            "_flat",
            pa.table(
                {
                    "nct_id": pa.array([r[0] for r in rows], pa.string()),
                    "flat": pa.array([r[1] for r in rows], pa.binary()),
                    "flat_error": pa.array([r[2] for r in rows], pa.string()),
                }
            ),
        )
        try:
            self.con.execute(
                "update studies set "
                "flat = case when _flat.flat is not null then _flat.flat "
                "when studies.flat_rows_version = ? then studies.flat end, "
                "flat_rows_version = case when _flat.flat is not null then ? "
                "when studies.flat_rows_version = ? then studies.flat_rows_version end, "
                "flat_error = _flat.flat_error, flat_version = ? from _flat "
                "where studies.selection_key = ? and studies.nct_id = _flat.nct_id",
                [version, version, version, version, key],
            )
        finally:
            self.con.unregister("_flat")

    def iter_flattened(
        self, key: str, batch: int = 1000
    ) -> Iterator[tuple[str, bytes | None, str | None]]:
        """(nct_id, flattened rows, error) of every study of the selection, in nct_id order
        (rows and an error: the rows of the study's earlier record, kept)."""
        cursor = self.con.cursor()
        cursor.execute(
            "select nct_id, flat, flat_error from studies where selection_key = ? order by nct_id",
            [key],
        )
        try:
            while rows := cursor.fetchmany(batch):
                yield from rows
        finally:
            cursor.close()

    def count(self, key: str) -> int:
        return self.con.execute(
            "select count(*) from studies where selection_key = ?", [key]
        ).fetchone()[0]

    def iter_studies(self, key: str, batch: int = 500) -> Iterator[dict]:
        """Every mirrored study of the selection, decompressed a batch at a time."""
        cursor = self.con.cursor()
        cursor.execute("select content from studies where selection_key = ? order by nct_id", [key])
        try:
            while rows := cursor.fetchmany(batch):
                for (content,) in rows:
                    yield json.loads(zlib.decompress(content))
        finally:
            cursor.close()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
