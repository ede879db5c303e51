"""The vocabularies as a source of raw tables: the files the user configured (CTW_MESH_FILE,
CTW_CHEMBL_FILES, CTW_PMDA_FILE, CTW_EFO_FILE, CTW_GILDA_MESH_MAPPINGS_FILE), else the ones
`vocab fetch` fetched into CTW_VOCAB_DIR (its manifest lists them), else what ships offline (the
bundled MeSH subset; gilda's MeSH mappings inside the installed gilda-slim), are read, written
as AACT-style CSV files (one per table) and offered to the same bulk loaders as AACT's own flat
files, typed from vocab.sql. What was parsed is cached by the files' sha256
(parse_cache.py): a build with unchanged files links the cached tables instead.

A vocabulary that is not configured is not in the source, so its tables load empty and every
dbt model still builds. Files are read when the source is opened, before anything is loaded:
a bad file fails the build at once, naming file, record, field and value.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from orchestration import settings
from orchestration.progress import QUIET, Progress
from orchestration.raw.source import TableInput, TableSource, file_sizes
from orchestration.sources import SOURCES_BY_NAME
from orchestration.vocab import efo, gilda
from orchestration.vocab.chembl import INDICATIONS, MOLECULES, chembl_files, read_chembl
from orchestration.vocab.errors import VocabInputError
from orchestration.vocab.fetch import FetchPlan
from orchestration.vocab.manifest import MANIFEST, fetched_files, read_manifest
from orchestration.vocab.mesh import read_mesh_tables
from orchestration.vocab.parse_cache import CACHE_FOLDER, Parsed, parse_cached
from orchestration.vocab.pmda import read_pmda

# Every vocabulary table (orchestration/sources.py; a test keeps vocab.sql in step).
VOCAB_TABLES: tuple[str, ...] = SOURCES_BY_NAME["vocab"].tables
MESH_TABLES = ("mesh_tree_numbers", "mesh_entry_terms")
CHEMBL_TABLES = (INDICATIONS, MOLECULES)
PMDA_TABLES = ("pmda_approvals",)
EFO_TABLES = (efo.TERMS, efo.XREFS)
GILDA_TABLES = (gilda.TABLE,)
BUNDLED_MESH = settings.SAMPLE_VOCAB_DIR / "mesh_tree_numbers.tsv"


@dataclass(frozen=True)
class Chosen:
    """The files a build reads for one vocabulary, and why those (`set`, `fetched`,
    `bundled`: shipped with the code or an installed package)."""

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
    the `vocab` settings (mesh_file, chembl_files, pmda_file, efo_file, gilda_file: empty means
    the fetched ones, then what ships offline; vocab_dir and the URLs: the fetch)."""

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

    def efo(self) -> Chosen | None:
        explicit = _existing("CTW_EFO_FILE", self.efo_file) if self.efo_file else None
        return choose(explicit, self._fetched("efo"), None)

    def gilda(self) -> Chosen | None:
        explicit = (
            _existing("CTW_GILDA_MESH_MAPPINGS_FILE", self.gilda_file) if self.gilda_file else None
        )
        return choose(explicit, self._fetched("gilda"), gilda.packaged_file())

    def _vocab_dir(self) -> Path | None:
        return Path(settings.resolve_user_path(self.vocab_dir)) if self.vocab_dir else None

    def _fetched(self, vocabulary: str) -> list[Path] | None:
        directory = self._vocab_dir()
        return fetched_files(directory, vocabulary) if directory is not None else None

    def cache_dir(self) -> Path | None:
        """Where parsed vocabularies are cached (CTW_VOCAB_DIR/parsed); None: no cache."""
        directory = self._vocab_dir()
        return directory / CACHE_FOLDER if directory is not None else None

    def known_sha256(self) -> dict[Path, tuple[str, int, float]]:
        """{fetched file: (sha256, bytes, when the manifest was written)} from the manifest, so
        fetched files are not hashed again (parse_cache.file_sha256 says when they are)."""
        directory = self._vocab_dir()
        if directory is None or not (directory / MANIFEST).is_file():
            return {}
        written = (directory / MANIFEST).stat().st_mtime
        return {
            directory / f.name: (f.sha256, f.bytes, written)
            for entry in read_manifest(directory).values()
            for f in entry.files
        }

    def plan(self) -> FetchPlan:
        """Where `vocab fetch` gets each vocabulary and puts it."""
        return FetchPlan(
            vocab_dir=Path(settings.resolve_user_path(self.vocab_dir)),
            mesh_url=self.mesh_url,
            chembl_url=self.chembl_url,
            chembl_molecule_query=self.chembl_molecule_query,
            efo_url=self.efo_url,
            gilda_url=self.gilda_url,
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
                ("EFO", self.efo()),
                ("gilda", self.gilda()),
            )
            if files is not None
        ]
        return "vocabularies: " + ("; ".join(chosen) if chosen else "none")


def _existing(env: str, value: str) -> Path:
    path = Path(settings.resolve_user_path(value))
    if not path.exists():
        raise VocabInputError(f"{env}: {path} does not exist")
    return path


@dataclass
class VocabSource(TableSource):
    """The vocabularies' tables, with what each parse cost or that it came from the cache."""

    parsed: tuple[Parsed, ...] = ()

    def summary(self) -> str | None:
        if not self.parsed:
            return None
        return "vocabularies: " + "; ".join(p.describe() for p in self.parsed)


def _readers(config: VocabConfig) -> list[tuple[str, Chosen, tuple[str, ...], object]]:
    """(vocabulary, its files, its tables, parse()) of each configured vocabulary."""
    found = []
    for name, chosen, tables, read in (
        ("mesh", config.mesh(), MESH_TABLES, lambda c, p: read_mesh_tables(c.paths[0], p)),
        ("chembl", config.chembl(), CHEMBL_TABLES, lambda c, p: read_chembl(c.paths, p)),
        ("pmda", config.pmda(), PMDA_TABLES, lambda c, p: _pmda_rows(c.paths[0], p)),
        ("efo", config.efo(), EFO_TABLES, lambda c, p: efo.read_efo(c.paths[0], p)),
        ("gilda", config.gilda(), GILDA_TABLES, lambda c, p: gilda.read_gilda(c.paths[0], p)),
    ):
        if chosen is not None:
            found.append((name, chosen, tables, read))
    return found


def _pmda_rows(path: Path, progress: Progress) -> Iterator[tuple[str, dict]]:
    return ((PMDA_TABLES[0], row) for row in read_pmda(path, progress))


@contextmanager
def open_vocab_source(
    config: VocabConfig, workdir: Path, progress: Progress = QUIET
) -> Iterator[TableSource]:
    """The configured vocabulary files as one CSV file per table in `workdir/vocab`, offered
    as a source of VOCAB_TABLES (the tables of kinds not configured are absent from it); each
    file's parsing is a step of `progress`, skipped when the cache has the same files parsed."""
    folder = workdir / "vocab"
    cache_dir, known = config.cache_dir(), config.known_sha256()
    inputs: dict[str, TableInput] = {}
    parsed = []
    for name, chosen, tables, read in _readers(config):
        done = parse_cached(
            name, chosen.paths, tables,
            lambda chosen=chosen, read=read: read(chosen, progress),
            folder, cache_dir, chosen.origin, known,
        )  # fmt: skip
        inputs.update(done.inputs)
        parsed.append(done)

    @contextmanager
    def open_table(table: str) -> Iterator[TableInput]:
        yield inputs[table]

    yield VocabSource(
        description=config.describe(),
        tables=tuple(t for t in VOCAB_TABLES if t in inputs),
        open_table=open_table,
        missing=[t for t in VOCAB_TABLES if t not in inputs],
        sizes=file_sizes(inputs),
        parsed=tuple(parsed),
    )
