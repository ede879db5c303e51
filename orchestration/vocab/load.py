"""The vocabularies as a source of raw tables: the files the user configured (CTW_MESH_FILE,
CTW_CHEMBL_FILES, CTW_PMDA_FILE) are read, written as AACT-style CSV files (one per table) and
offered to the same bulk loaders as AACT's own flat files, typed from vocab.sql.

A vocabulary that is not configured is not in the source, so its tables load empty and every
dbt model still builds. Files are read when the source is opened, before anything is loaded:
a bad file fails the build at once, naming file, record, field and value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from orchestration import settings
from orchestration.progress import QUIET, Progress
from orchestration.raw.source import TableInput, TableSource, file_sizes
from orchestration.raw.table_files import RawTableFiles
from orchestration.sources import SOURCES_BY_NAME
from orchestration.vocab.chembl import INDICATIONS, MOLECULES, chembl_files, read_chembl
from orchestration.vocab.errors import VocabInputError
from orchestration.vocab.mesh import read_mesh_tables
from orchestration.vocab.pmda import read_pmda

# Every vocabulary table (orchestration/sources.py; a test keeps vocab.sql in step).
VOCAB_TABLES: tuple[str, ...] = SOURCES_BY_NAME["vocab"].tables
MESH_TABLES = ("mesh_tree_numbers", "mesh_entry_terms")
CHEMBL_TABLES = (INDICATIONS, MOLECULES)
PMDA_TABLES = ("pmda_approvals",)
BATCH_ROWS = 5000


@settings.settings_dataclass("vocab")
class VocabConfig:
    """Which vocabulary files a build reads: its fields are the `vocab` settings (mesh_file,
    chembl_files, pmda_file; empty: none of that kind)."""

    @contextmanager
    def open(self, workdir: Path, progress: Progress = QUIET) -> Iterator[TableSource]:
        """The configured files, read now, as a source of raw tables (each file's parsing a
        step of `progress`)."""
        with open_vocab_source(self, workdir, progress) as source:
            yield source

    def describe(self) -> str:
        chosen = [
            f"{label} {settings.resolve_user_path(value)}"
            for label, value in (
                ("MeSH", self.mesh_file),
                ("ChEMBL", self.chembl_files),
                ("PMDA", self.pmda_file),
            )
            if value
        ]
        return "vocabularies: " + ("; ".join(chosen) if chosen else "none")


def _existing(env: str, value: str) -> Path:
    path = Path(settings.resolve_user_path(value))
    if not path.exists():
        raise VocabInputError(f"{env}: {path} does not exist")
    return path


def write_rows(files: RawTableFiles, rows: Iterable[tuple[str, dict]]) -> dict[str, int]:
    """Stream (table, row) pairs into the CSV files in batches; rows written per table."""
    counts: dict[str, int] = {}
    batch: dict[str, list[dict]] = {}
    pending = 0
    for table, row in rows:
        batch.setdefault(table, []).append(row)
        counts[table] = counts.get(table, 0) + 1
        pending += 1
        if pending >= BATCH_ROWS:
            files.add(batch)
            batch, pending = {}, 0
    files.add(batch)
    return counts


@contextmanager
def open_vocab_source(
    config: VocabConfig, workdir: Path, progress: Progress = QUIET
) -> Iterator[TableSource]:
    """The configured vocabulary files as one CSV file per table in `workdir/vocab`, offered
    as a source of VOCAB_TABLES (the tables of kinds not configured are absent from it); each
    file's parsing is a step of `progress`."""
    files = RawTableFiles(workdir / "vocab", VOCAB_TABLES, origin="vocabularies")
    origins: dict[str, str] = {}
    try:
        if config.mesh_file:
            path = _existing("CTW_MESH_FILE", config.mesh_file)
            write_rows(files, read_mesh_tables(path, progress))
            origins.update(dict.fromkeys(MESH_TABLES, str(path)))
        if config.chembl_files:
            path = _existing("CTW_CHEMBL_FILES", config.chembl_files)
            write_rows(files, read_chembl(chembl_files(path), progress))
            origins.update(dict.fromkeys(CHEMBL_TABLES, str(path)))
        if config.pmda_file:
            path = _existing("CTW_PMDA_FILE", config.pmda_file)
            rows = read_pmda(path, progress)
            write_rows(files, ((PMDA_TABLES[0], row) for row in rows))
            origins.update(dict.fromkeys(PMDA_TABLES, str(path)))
    finally:
        files.close()
    inputs = {
        table: dataclasses.replace(table_input, origin=f"{origins[table]} ({table})")
        for table, table_input in files.inputs().items()
        if table in origins
    }

    @contextmanager
    def open_table(table: str) -> Iterator[TableInput]:
        yield inputs[table]

    yield TableSource(
        description=config.describe(),
        tables=tuple(t for t in VOCAB_TABLES if t in origins),
        open_table=open_table,
        missing=[t for t in VOCAB_TABLES if t not in origins],
        sizes=file_sizes(inputs),
    )
