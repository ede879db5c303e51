"""The vocabularies as a source of raw tables: the files the user configured (CTW_MESH_FILE,
CTW_CHEMBL_FILES, CTW_PMDA_FILE), else the ones `vocab fetch` fetched into CTW_VOCAB_DIR (its
manifest lists them), else the bundled MeSH subset, are read, written as AACT-style CSV files
(one per table) and offered to the same bulk loaders as AACT's own flat files, typed from
vocab.sql.

A vocabulary that is not configured is not in the source, so its tables load empty and every
dbt model still builds. Files are read when the source is opened, before anything is loaded:
a bad file fails the build at once, naming file, record, field and value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from orchestration import settings
from orchestration.progress import QUIET, Progress
from orchestration.raw.source import TableInput, TableSource, file_sizes
from orchestration.raw.table_files import RawTableFiles
from orchestration.sources import SOURCES_BY_NAME
from orchestration.vocab.chembl import INDICATIONS, MOLECULES, chembl_files, read_chembl
from orchestration.vocab.errors import VocabInputError
from orchestration.vocab.fetch import FetchPlan
from orchestration.vocab.manifest import fetched_files
from orchestration.vocab.mesh import read_mesh_tables
from orchestration.vocab.pmda import read_pmda

# Every vocabulary table (orchestration/sources.py; a test keeps vocab.sql in step).
VOCAB_TABLES: tuple[str, ...] = SOURCES_BY_NAME["vocab"].tables
MESH_TABLES = ("mesh_tree_numbers", "mesh_entry_terms")
CHEMBL_TABLES = (INDICATIONS, MOLECULES)
PMDA_TABLES = ("pmda_approvals",)
BATCH_ROWS = 5000
BUNDLED_MESH = settings.SAMPLE_VOCAB_DIR / "mesh_tree_numbers.tsv"


@dataclass(frozen=True)
class Chosen:
    """The files a build reads for one vocabulary, and why those (`set`, `fetched`,
    `bundled`)."""

    paths: tuple[Path, ...]
    why: str
    origin: str  # the file or folder messages name

    def describe(self) -> str:
        count = f"{len(self.paths)} files in " if len(self.paths) > 1 else ""
        return f"{count}{self.origin} ({self.why})"


def choose(explicit: Path | None, fetched: list[Path] | None, bundled: Path | None):
    """An explicit setting wins, then what was fetched, then the bundled file (or nothing)."""
    if explicit is not None:
        return Chosen((explicit,), "set", str(explicit))
    if fetched:
        origin = fetched[0] if len(fetched) == 1 else fetched[0].parent
        return Chosen(tuple(fetched), "fetched", str(origin))
    if bundled is not None:
        return Chosen((bundled,), "bundled", str(bundled))
    return None


@settings.settings_dataclass("vocab")
class VocabConfig:
    """Which vocabulary files a build reads and where `vocab fetch` gets them: its fields are
    the `vocab` settings (mesh_file, chembl_files, pmda_file: empty means the fetched ones, then
    the bundled MeSH; vocab_dir and the URLs: the fetch)."""

    def mesh(self) -> Chosen:
        explicit = _existing("CTW_MESH_FILE", self.mesh_file) if self.mesh_file else None
        return choose(explicit, self._fetched("mesh"), BUNDLED_MESH)

    def chembl(self) -> Chosen | None:
        explicit = _existing("CTW_CHEMBL_FILES", self.chembl_files) if self.chembl_files else None
        chosen = choose(explicit, self._fetched("chembl"), None)
        if chosen is not None and chosen.why == "set":
            return Chosen(tuple(chembl_files(explicit)), "set", str(explicit))
        return chosen

    def pmda(self) -> Chosen | None:
        explicit = _existing("CTW_PMDA_FILE", self.pmda_file) if self.pmda_file else None
        return choose(explicit, None, None)

    def _fetched(self, vocabulary: str) -> list[Path] | None:
        if not self.vocab_dir:
            return None
        return fetched_files(Path(settings.resolve_user_path(self.vocab_dir)), vocabulary)

    def plan(self) -> FetchPlan:
        """Where `vocab fetch` gets each vocabulary and puts it."""
        return FetchPlan(
            vocab_dir=Path(settings.resolve_user_path(self.vocab_dir)),
            mesh_url=self.mesh_url,
            chembl_url=self.chembl_url,
            chembl_molecule_query=self.chembl_molecule_query,
            efo_url=self.efo_url,
        )

    @contextmanager
    def open(self, workdir: Path, progress: Progress = QUIET) -> Iterator[TableSource]:
        """The configured files, read now, as a source of raw tables (each file's parsing a
        step of `progress`)."""
        with open_vocab_source(self, workdir, progress) as source:
            yield source

    def describe(self) -> str:
        chosen = [
            f"{label} {files.describe()}"
            for label, files in (
                ("MeSH", self.mesh()),
                ("ChEMBL", self.chembl()),
                ("PMDA", self.pmda()),
            )
            if files is not None
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
        mesh, chembl, pmda = config.mesh(), config.chembl(), config.pmda()
        write_rows(files, read_mesh_tables(mesh.paths[0], progress))
        origins.update(dict.fromkeys(MESH_TABLES, mesh.origin))
        if chembl is not None:
            write_rows(files, read_chembl(chembl.paths, progress))
            origins.update(dict.fromkeys(CHEMBL_TABLES, chembl.origin))
        if pmda is not None:
            rows = read_pmda(pmda.paths[0], progress)
            write_rows(files, ((PMDA_TABLES[0], row) for row in rows))
            origins.update(dict.fromkeys(PMDA_TABLES, pmda.origin))
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
