"""What `vocab fetch` has on disk: `manifest.json` beside the fetched files, one entry per
vocabulary (its version, where it came from, when it was checked and last changed) with every
file's name, sha256, size and validators (ETag, Last-Modified) for the next conditional request.

The manifest is the only proof that a file is whole: files are renamed into place complete, and
an entry is written after them, so a build reads only what an entry lists (ChEMBL pages of an
interrupted fetch wait on disk for the rerun, unread).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from orchestration.vocab.errors import VocabInputError

MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class FileRecord:
    """One fetched file; `name` is relative to the vocabulary directory."""

    name: str
    url: str
    sha256: str
    bytes: int
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Entry:
    """One vocabulary's fetched files and version; `changed_at` is when its content last
    changed (an unchanged fetch keeps it), `checked_at` when it was last asked for."""

    vocabulary: str
    version: str
    source: str
    files: tuple[FileRecord, ...]
    checked_at: str
    changed_at: str
    extra: dict = field(default_factory=dict)

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    def file(self, name: str) -> FileRecord | None:
        return next((f for f in self.files if f.name == name), None)


def read_manifest(directory: Path) -> dict[str, Entry]:
    """{vocabulary: Entry} of `directory`'s manifest; empty when there is none."""
    path = directory / MANIFEST
    if not path.exists():
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return {
            name: Entry(
                **{**raw, "files": tuple(FileRecord(**f) for f in raw["files"])},
            )
            for name, raw in document["vocabularies"].items()
        }
    except (ValueError, KeyError, TypeError) as exc:
        raise VocabInputError(
            f"{path}: not a vocabulary manifest this warehouse wrote ({exc}); delete it and run "
            "`./warehouse vocab fetch` again"
        ) from None


def write_manifest(directory: Path, entries: dict[str, Entry]) -> None:
    """Write the manifest whole (a temp file renamed over it), so a reader never sees half."""
    directory.mkdir(parents=True, exist_ok=True)
    document = {
        "format": FORMAT,
        "vocabularies": {
            name: {**asdict(entry), "files": [asdict(f) for f in entry.files]}
            for name, entry in sorted(entries.items())
        },
    }
    temp = directory / f".{MANIFEST}.part"
    temp.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(temp, directory / MANIFEST)


def fetched_files(directory: Path, vocabulary: str) -> list[Path] | None:
    """The files the manifest lists for `vocabulary`, when every one of them is on disk;
    else None (never fetched, or a file was removed by hand)."""
    entry = read_manifest(directory).get(vocabulary)
    if entry is None or not entry.files:
        return None
    paths = [directory / f.name for f in entry.files]
    return paths if all(p.is_file() for p in paths) else None
