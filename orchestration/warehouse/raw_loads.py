"""Fill a build's raw schemas from every source of orchestration/sources.py: each registry the
user chose (CTW_SOURCES) from its reader, each one not chosen as empty tables (so every dbt model
still builds), and the sources every build loads (the vocabularies: the MeSH, ChEMBL and PMDA
files the user configured)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from orchestration.ctgov.load import FlattenedMirror
from orchestration.progress import QUIET, Progress
from orchestration.raw.load import LOG_TABLE, LoadReport, TableLoad, insert_rows, load_raw
from orchestration.raw.source import TableSource
from orchestration.sources import SOURCES, Source, is_read, study_sources
from orchestration.warehouse.builds import BUILD_TABLE, WarehouseStore, distinct_studies_sql

REJECTS_TABLE = "_rejects"


@dataclass
class RawLoads:
    reports: dict[str, LoadReport] = field(default_factory=dict)  # by source name
    rejects: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # (record, reason)
    opened: dict[str, TableSource] = field(default_factory=dict)  # the sources read
    distinct_studies: int | None = None  # two registries' studies, each study once

    @property
    def rejected(self) -> list[tuple[str, str]]:
        """Every record a source set aside, with the reason."""
        return [reject for rejects in self.rejects.values() for reject in rejects]

    @property
    def mirror(self) -> FlattenedMirror | None:
        """The CT.gov mirror's flattening, when it is a source of the build."""
        return next((s for s in self.opened.values() if isinstance(s, FlattenedMirror)), None)

    def source_lines(self) -> list[str]:
        """What opening each source took, beyond its loads (the mirror's flattening, the
        vocabularies' parsing, files no table reads): a line per source."""
        return [line for source in self.opened.values() if (line := source.summary())]

    def drift_lines(self) -> list[str]:
        """Every source table's columns beyond the DDL, and DDL columns it lacks (drift.py)."""
        return [
            f"schema drift: {line}"
            for report in self.reports.values()
            for line in report.drift_messages()
        ]

    def studies(self) -> int:
        if self.distinct_studies is not None:
            return self.distinct_studies
        return sum(r.row_counts().get("studies", 0) for r in self.study_reports())

    def empty_hint(self) -> str:
        """What to do when the CT.gov mirror gave no studies (for `studies_not_empty`)."""
        if self.mirror is None or self.mirror.studies:
            return ""
        synced = self.mirror.export_date
        if synced is None:
            return (
                "the CT.gov mirror holds no finished sync of this selection (CTW_CTGOV_PARAMS): "
                "run `./warehouse ctgov-sync` first"
            )
        return (
            f"the CT.gov mirror's last sync of this selection (registry data of {synced}) found "
            "no studies: check CTW_CTGOV_PARAMS, then run `./warehouse ctgov-sync`"
        )

    def description(self) -> str:
        """The study sources (for the study checks' messages; the vocabularies hold none)."""
        return " + ".join(r.source for r in self.study_reports())

    def study_reports(self) -> Iterator[LoadReport]:
        return (r for s in SOURCES if s.holds_studies and (r := self.reports.get(s.name)))


def _no_source(source: Source) -> TableSource:
    return TableSource(
        description=f"{source.title} (not a source of this build)", tables=(), open_table=None
    )


def slot_raw_schemas(store) -> dict[str, str]:
    """{source: its raw schema in the build's slot}."""
    return {s.name: store.slot_schema_for(s.schema_in(store.raw_schema)) for s in SOURCES}


def load_sources(
    sources: tuple[str, ...],
    store: WarehouseStore,
    build_id: str,
    configs: Mapping[str, Any] | None = None,
    on_table: Callable[[str, TableLoad], None] | None = None,
    progress: Progress = QUIET,
) -> RawLoads:
    """Load every source into the build's raw schemas (on PostgreSQL two sessions, two tables
    at a time: load_raw): the registries in `sources` and the sources every build loads from their
    configs (`configs[name]`, else the source's `from_settings()`), the other registries as
    empty tables. Every source is opened (files read, the mirror flattened) before anything is
    loaded, so a bad file fails the build before the long loads. Each source's parsing and load
    are steps of `progress`."""
    loads = RawLoads()
    configs = configs or {}

    def report(source: Source):
        return (lambda t: on_table(source.name, t)) if on_table else None

    with ExitStack() as opening:
        for source in SOURCES:
            if is_read(source, sources):
                if source.name in configs:
                    config = configs[source.name]
                else:
                    config = source.config_class().from_settings()
                loads.opened[source.name] = opening.enter_context(
                    config.open(store.scratch_dir, progress)
                )
        with store.connect_slot() as connection, ExitStack() as lanes:
            schemas = slot_raw_schemas(store)
            for schema in schemas.values():
                connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            lane = None
            if any(opened.concurrent_tables for opened in loads.opened.values()):
                # a second session loads beside the first (load_raw)
                lane = lanes.enter_context(store.load_lane(connection))
            for source in SOURCES:
                opened = loads.opened.get(source.name, _no_source(source))
                loads.reports[source.name] = load_raw(
                    opened, store.target, connection, schemas[source.name], build_id,
                    tables=source.tables, on_table=report(source), progress=progress,
                    label=f"load {source.name}", lane_connection=lane,
                    unlogged=store.unlogged_tables,
                )  # fmt: skip
                if source.writes_rejects:
                    loads.rejects[source.name] = list(opened.rejected)
                    _write_rejects(store.target, connection, schemas[source.name], opened.rejected)
            loads.distinct_studies = _distinct_studies(connection, loads, schemas)
            main = next(s for s in SOURCES if s.raw_schema_setting)
            _write_build_record(store.target, connection, schemas[main.name], loads)
    return loads


def _write_build_record(target: str, connection, schema: str, loads: RawLoads) -> None:
    """The build's one-line record (`rollback --list`, the summary): its id and first load
    time from the main raw schema's load log, the registries that delivered studies and how
    many studies they hold together; in the schema where the build's records live."""
    delivered = [r.source for r in loads.study_reports() if r.row_counts().get("studies")]
    source = " + ".join(delivered) or loads.description()
    mark = "?" if target == "duckdb" else "%s"
    connection.execute(
        f'CREATE TABLE "{schema}"."{BUILD_TABLE}" AS SELECT build_id, min(loaded_at) AS loaded_at,'
        f" cast({mark} AS varchar) AS source, cast({mark} AS bigint) AS studies"
        f' FROM "{schema}"."{LOG_TABLE}" GROUP BY build_id',
        [source, loads.studies()],
    )


def _distinct_studies(connection, loads: RawLoads, schemas: Mapping[str, str]) -> int | None:
    """Studies of the build when two registries delivered some, each study once."""
    delivering = [
        source.name for source in study_sources()
        if (report := loads.reports.get(source.name)) and report.row_counts().get("studies")
    ]  # fmt: skip
    if len(delivering) < 2:
        return None
    tables = [f'"{schemas[name]}".studies' for name in delivering]
    return connection.execute(distinct_studies_sql(tables)).fetchone()[0]


def _write_rejects(target: str, connection, schema: str, rejected: list[tuple[str, str]]):
    """Records that could not be read, with the reason, beside the source's raw tables."""
    table = f'"{schema}"."{REJECTS_TABLE}"'
    connection.execute(f"CREATE TABLE {table} (record varchar, reason varchar)")
    insert_rows(target, connection, table, rejected)
