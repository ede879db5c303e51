"""Parsed vocabularies, cached by what they were parsed from: a build reads NLM's 300 MB MeSH
XML, thousands of ChEMBL pages or EFO only when their bytes (sha256) or the parser changed.

One cache entry per vocabulary and key, `CTW_VOCAB_DIR/parsed/<vocabulary>-<key>/`, holding
the raw-table CSV files the parse wrote (raw/table_files.py's layout, what the loaders read)
and `parsed.json` (the files' names and sha256s, rows per table, parser version, when).
The key is the sha256 of the vocabulary's name, its parser's version and each file's sha256
(the manifest's for fetched files, else hashed now), so a renamed or moved file still hits and
an edited one misses.

An entry is written in a private folder and renamed into place whole, and a build hard-links
(or copies) its files into its own folder before loading: concurrent builds share entries and
never see half of one. The newest KEEP entries of a vocabulary are kept; older ones are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from orchestration.raw.source import TableInput
from orchestration.raw.table_files import RawTableFiles, table_columns_of

# Bump a vocabulary's number whenever its reader's rows change for the same file.
PARSER_VERSIONS = {"mesh": 1, "chembl": 1, "pmda": 1, "efo": 1, "gilda": 1}
LABELS = {"mesh": "MeSH", "chembl": "ChEMBL", "pmda": "PMDA", "efo": "EFO", "gilda": "gilda"}
CACHE_FOLDER = "parsed"
MARKER = "parsed.json"
KEEP = 3
BATCH_ROWS = 5000
HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class Parsed:
    """One vocabulary's tables, ready to load: whether they came from the cache, and what the
    parse cost when they did not."""

    vocabulary: str
    inputs: dict[str, TableInput]
    rows: dict[str, int]
    cached: bool
    seconds: float
    key: str

    def describe(self) -> str:
        label = LABELS[self.vocabulary]
        if self.cached:
            return f"{label} cached (not parsed again; key {self.key[:12]})"
        return f"{label} parsed in {self.seconds:.1f} s"


def file_sha256(path: Path, known: dict[Path, tuple[str, int, float]] | None = None) -> str:
    """The file's sha256: the manifest's when it recorded this file at this size and the file
    has not been written since the manifest was (a hand edit is hashed), else hashed."""
    recorded = (known or {}).get(path)
    if recorded is not None:
        sha256, size, recorded_at = recorded
        stat = path.stat()
        if stat.st_size == size and stat.st_mtime <= recorded_at:
            return sha256
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def cache_key(vocabulary: str, digests: Iterable[str]) -> str:
    text = "\n".join([vocabulary, str(PARSER_VERSIONS[vocabulary]), *digests])
    return hashlib.sha256(text.encode()).hexdigest()


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


def _link_into(entry: Path, tables: tuple[str, ...], workdir: Path) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    for table in tables:
        source, target = entry / f"{table}.txt", workdir / f"{table}.txt"
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def _prune(root: Path, vocabulary: str, keep: Path) -> None:
    entries = sorted(
        (p for p in root.glob(f"{vocabulary}-*") if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in entries[KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _private_folder(cache_root: Path, vocabulary: str) -> Path | None:
    """A folder to parse into before it is renamed into the cache; None when the cache cannot
    be written (a read-only CTW_VOCAB_DIR): the build then parses without caching."""
    try:
        cache_root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{vocabulary}-", dir=cache_root))
    except OSError:
        return None


def parse_cached(
    vocabulary: str,
    paths: tuple[Path, ...],
    tables: tuple[str, ...],
    parse: Callable[[], Iterable[tuple[str, dict]]],
    workdir: Path,
    cache_root: Path | None,
    origin: str,
    known: dict[Path, tuple[str, int]] | None = None,
) -> Parsed:
    """`vocabulary`'s tables as CSV files in `workdir`: linked from the cache entry of these
    files' bytes when there is one, else parsed (`parse()` yields (table, row)) and cached."""
    digests = [file_sha256(path, known) for path in paths]
    key = cache_key(vocabulary, digests)
    columns = table_columns_of(tables)

    def inputs() -> dict[str, TableInput]:
        return {
            t: TableInput(table=t, origin=f"{origin} ({t})", columns=c, path=workdir / f"{t}.txt")
            for t, c in columns.items()
        }

    entry = cache_root / f"{vocabulary}-{key[:24]}" if cache_root is not None else None
    if entry is not None and (entry / MARKER).is_file():
        try:
            rows = json.loads((entry / MARKER).read_text(encoding="utf-8"))["rows"]
            _link_into(entry, tables, workdir)
            with contextlib.suppress(OSError):  # a read-only cache is still read
                os.utime(entry)  # the newest used are the ones kept
            return Parsed(vocabulary, inputs(), rows, True, 0.0, key)
        except (OSError, ValueError, KeyError):
            pass  # removed or broken meanwhile: parse again
    started = time.monotonic()
    private = _private_folder(cache_root, vocabulary) if entry is not None else None
    if private is None:  # no cache, or one this build cannot write: parse into the build
        files = RawTableFiles(workdir, tables, origin="vocabularies")
        try:
            rows = write_rows(files, parse())
        finally:
            files.close()
        return Parsed(vocabulary, inputs(), rows, False, time.monotonic() - started, key)
    try:
        files = RawTableFiles(private, tables, origin="vocabularies")
        try:
            rows = write_rows(files, parse())
        finally:
            files.close()
        marker = {
            "vocabulary": vocabulary,
            "parser_version": PARSER_VERSIONS[vocabulary],
            "files": [{"name": p.name, "sha256": d} for p, d in zip(paths, digests, strict=True)],
            "rows": rows,
            "parsed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (private / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        try:
            os.rename(private, entry)
        except OSError:  # another build cached the same files first: use its entry
            shutil.rmtree(private, ignore_errors=True)
        _link_into(entry, tables, workdir)
    finally:
        shutil.rmtree(private, ignore_errors=True)
    _prune(cache_root, vocabulary, entry)
    return Parsed(vocabulary, inputs(), rows, False, time.monotonic() - started, key)
