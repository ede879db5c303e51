"""What every warehouse store shares: build ids, build records and the store interface.

A build writes a complete new warehouse beside the live one (the "slot"), and `publish`
switches consumers to it in one step; the previous live warehouse is kept for rollback.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from orchestration.warehouse.lock import BuildLock


class WarehouseStateError(RuntimeError):
    """The warehouse cannot do what was asked (no such build, nothing to publish, …)."""


def run_tag(run_id: str) -> str:
    """Six characters of a Dagster run id, as they end the run's build id."""
    return f"{re.sub('[^0-9a-z]', '', run_id.lower())[:6]:0<6}"


def new_build_id(run_id: str) -> str:
    """`YYYYMMDD_HHMMSS_<run tag>`: sortable by time, safe in schema and file names."""
    return f"{datetime.now(UTC):%Y%m%d_%H%M%S}_{run_tag(run_id)}"


def belongs_to_run(build_id: str | None, run_id: str) -> bool:
    return build_id is not None and build_id.endswith("_" + run_tag(run_id))


@dataclass(frozen=True)
class BuildRecord:
    build_id: str
    loaded_at: str | None
    source: str | None
    studies: int | None
    state: str  # live | kept

    def line(self) -> str:
        studies = f"{self.studies:,} studies" if self.studies is not None else "? studies"
        # `_loads.loaded_at` is UTC, to the microsecond; to the second tells builds apart
        loaded = f"{self.loaded_at[:19]} UTC" if self.loaded_at else "?"
        source = self.source or "?"
        return f"{self.build_id}  {self.state:<4}  loaded {loaded}  {studies}  from {source}"


def choose_kept(builds: list[BuildRecord], build_id: str | None, where: str) -> BuildRecord:
    """The kept build a rollback goes to: the one named, else the one live most recently
    (`builds` lists the kept builds by when they were last live)."""
    if build_id and any(b.state == "live" and b.build_id == build_id for b in builds):
        raise WarehouseStateError(f"build {build_id} is already the live build")
    kept = [b for b in builds if b.state == "kept"]
    if not kept:
        raise WarehouseStateError(f"{where}: no kept build to roll back to")
    chosen = next((b for b in kept if b.build_id == build_id), None) if build_id else kept[0]
    if chosen is None:
        known = ", ".join(b.build_id for b in kept)
        raise WarehouseStateError(f"no kept build {build_id!r}; kept builds: {known}")
    return chosen


BUILD_TABLE = "_build"  # the build's record, beside its load log (raw_loads.py)


def distinct_studies_sql(studies_tables: list[str]) -> str:
    """How many studies the registries' `studies` tables (quoted names) hold together: a study
    two registries hold is one study of the warehouse (the build keeps one record of it)."""
    union = " union ".join(f"select nct_id from {table}" for table in studies_tables)
    return f"select count(*) from ({union}) as ids"


BUILD_RECORD_SQL = "select build_id, cast(loaded_at as varchar), source, studies from {table}"
# a build from before its record: the main raw schema's load log (one registry's view of it)
BUILD_SUMMARY_SQL = (
    "select build_id, cast(min(loaded_at) as varchar), min(source), "
    "max(case when table_name = 'studies' then row_count end) from {log} group by build_id"
)


class WarehouseStore(Protocol):
    """A warehouse target: where builds are written, published, kept and rolled back."""

    target: str
    unlogged_tables: bool  # PostgreSQL: raw tables and intermediate models skip the WAL
    slot_schema: str
    scratch_dir: Path

    def describe(self) -> str: ...
    def lock(self) -> BuildLock: ...
    def begin(self, build_id: str) -> list[str]: ...  # notes on what it cleaned up
    def slot_schema_for(self, raw_schema: str) -> str: ...
    def slot_build_id(self) -> str | None: ...
    def discard(self) -> None: ...
    def publish(self, build_id: str) -> list[BuildRecord]: ...
    def rollback(self, build_id: str | None = None) -> BuildRecord: ...
    def builds(self) -> list[BuildRecord]: ...
    def live_build(self) -> BuildRecord | None: ...  # builds()[0] when live, read alone
    def reading_live(self) -> AbstractContextManager: ...  # live reads share one open
    def live_study_count(self) -> int | None: ...
    def emptied_raw_tables(self) -> list[str]: ...  # live raw tables a server crash emptied
    def query(self, statement: str) -> list[tuple]: ...
    def queries(self, statements: list[str]) -> list[list[tuple]]: ...
    def query_with_columns(self, statement: str) -> tuple[list[str], list[tuple]]: ...
    def dbt_env(self) -> dict[str, str]: ...
    def slot_row_counts(self, relations: list[tuple[str, str]]) -> dict[tuple[str, str], int]: ...
    def connect_slot(self) -> AbstractContextManager: ...  # the raw load's session
    def load_lane(self, connection) -> AbstractContextManager: ...  # a second one beside it
