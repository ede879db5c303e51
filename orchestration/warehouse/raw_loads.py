"""Fill a build's raw schemas from the sources the user chose (CTW_SOURCES): AACT into
`raw_aact`, the CT.gov mirror into `raw_ctgov`. A source that is not chosen leaves its raw
schema with empty tables, so every dbt model still builds. Every build also loads the
vocabularies (MeSH, ChEMBL, PMDA files the user configured) into `raw_vocab`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from orchestration.aact.schema import RAW_TABLES
from orchestration.aact.source_config import AactSourceConfig
from orchestration.ctgov.config import CtgovSelection
from orchestration.ctgov.load import CTGOV_TABLES, FlattenedMirror, open_mirror_source
from orchestration.raw.load import LoadReport, TableLoad, insert_rows, load_raw
from orchestration.raw.source import TableSource
from orchestration.settings import CTGOV_RAW_SCHEMA, VOCAB_RAW_SCHEMA
from orchestration.vocab.load import VOCAB_TABLES, VocabConfig, open_vocab_source
from orchestration.warehouse.builds import WarehouseStore

REJECTS_TABLE = "_rejects"


# Reports that are not registries of studies (RawLoads.description names the others).
VOCAB = "vocab"


@dataclass
class RawLoads:
    reports: dict[str, LoadReport] = field(default_factory=dict)  # by source (and "vocab")
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (record, reason)
    mirror: FlattenedMirror | None = None  # when CT.gov is a source

    def mirror_line(self) -> str | None:
        if self.mirror is None:
            return None
        reused = self.mirror.studies - self.mirror.flattened
        return (
            f"CT.gov mirror: {self.mirror.studies:,} studies, {self.mirror.flattened:,} flattened "
            f"now, {max(reused, 0):,} reused from the mirror, {len(self.rejected)} set aside; "
            f"{self.mirror.seconds:.1f} s"
        )

    def drift_lines(self) -> list[str]:
        """Every source table's columns beyond the DDL, and DDL columns it lacks (drift.py)."""
        return [
            f"schema drift: {line}"
            for report in self.reports.values()
            for line in report.drift_messages()
        ]

    def studies(self) -> int:
        return sum(r.row_counts().get("studies", 0) for r in self.reports.values())

    def description(self) -> str:
        """The study sources (for the study checks' messages; the vocabularies hold none)."""
        return " + ".join(r.source for s, r in self.reports.items() if s != VOCAB)


def _no_source(name: str) -> TableSource:
    return TableSource(
        description=f"{name} (not a source of this build)", tables=(), open_table=None
    )


def load_sources(
    sources: tuple[str, ...],
    aact: AactSourceConfig,
    ctgov: CtgovSelection,
    store: WarehouseStore,
    build_id: str,
    on_table: Callable[[str, TableLoad], None] | None = None,
    vocab: VocabConfig | None = None,
) -> RawLoads:
    """Load each chosen source into the build's raw schemas (one connection, one transaction
    on PostgreSQL), then the vocabularies (`vocab`, default: the CTW_* settings). The vocabulary
    files are read first, so a bad one fails the build before the long registry loads."""
    loads = RawLoads()

    def report(source: str):
        return (lambda t: on_table(source, t)) if on_table else None

    vocab = vocab if vocab is not None else VocabConfig.from_settings()
    with (
        open_vocab_source(vocab, store.scratch_dir) as vocabularies,
        store.connect_slot() as connection,
    ):
        if "aact" in sources:
            with aact.open(store.scratch_dir) as opened:
                loads.reports["aact"] = load_raw(
                    opened, store.target, connection, store.slot_schema, build_id,
                    tables=RAW_TABLES, on_table=report("aact"),
                )  # fmt: skip
        else:
            loads.reports["aact"] = load_raw(
                _no_source("AACT"), store.target, connection, store.slot_schema, build_id,
                tables=RAW_TABLES,
            )  # fmt: skip
        schema = store.slot_schema_for(CTGOV_RAW_SCHEMA)
        connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        if "ctgov" in sources:
            with open_mirror_source(ctgov.mirror_path, ctgov.params, store.scratch_dir) as flat:
                loads.reports["ctgov"] = load_raw(
                    flat.source, store.target, connection, schema, build_id,
                    tables=CTGOV_TABLES, on_table=report("ctgov"),
                )  # fmt: skip
                loads.rejected, loads.mirror = flat.rejected, flat
        else:
            loads.reports["ctgov"] = load_raw(
                _no_source("CT.gov"), store.target, connection, schema, build_id,
                tables=CTGOV_TABLES,
            )  # fmt: skip
        _write_rejects(store.target, connection, schema, loads.rejected)
        schema = store.slot_schema_for(VOCAB_RAW_SCHEMA)
        connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        loads.reports[VOCAB] = load_raw(
            vocabularies, store.target, connection, schema, build_id,
            tables=VOCAB_TABLES, on_table=report(VOCAB),
        )  # fmt: skip
    return loads


def _write_rejects(target: str, connection, schema: str, rejected: list[tuple[str, str]]):
    """Records that could not be flattened, with the reason, beside the raw CT.gov tables."""
    table = f'"{schema}"."{REJECTS_TABLE}"'
    connection.execute(f"CREATE TABLE {table} (record varchar, reason varchar)")
    insert_rows(target, connection, table, rejected)
