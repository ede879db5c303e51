"""gilda's MeSH cross-references (gyorilab/gilda `gilda/resources/mesh_mappings.tsv`): about
32,000 MeSH descriptors and supplementary concepts, each mapped to one ChEBI, DOID, EFO, HP, GO,
HGNC or FamPlex entry, so MeSH diseases get EFO/DOID ids and MeSH drugs ChEBI ids offline.

The file has no header; six tab-separated columns per line: `MESH`, the MeSH id, its name, the
target database, the target id, the target's name (`MESH<TAB>D001241<TAB>Aspirin<TAB>CHEBI
<TAB>CHEBI:15365<TAB>acetylsalicylic acid`). Target ids are made CURIEs: gilda writes ChEBI, DOID,
HP and GO ids with their prefix but EFO, HGNC and FamPlex ids bare (`EFO<TAB>0009502`).

Where it comes from (orchestration/vocab/load.py): the file `vocab fetch` fetched
(CTW_GILDA_MESH_MAPPINGS_URL), else the copy inside the installed `gilda-slim` package, read
without importing gilda (its import pulls in its grounding machinery).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from orchestration.progress import QUIET, Progress
from orchestration.vocab.errors import bad_field

TABLE = "gilda_mesh_mappings"
PACKAGE_PATH = "gilda/resources/mesh_mappings.tsv"
MESH_ID = re.compile(r"[CD]\d{6,9}")
COLUMNS = 6


def packaged_file() -> Path | None:
    """gilda's mesh_mappings.tsv inside the installed gilda-slim (or gilda) distribution."""
    for name in ("gilda-slim", "gilda"):
        try:
            path = Path(distribution(name).locate_file(PACKAGE_PATH))
        except PackageNotFoundError:
            continue
        if path.is_file():
            return path
    return None


def gilda_version() -> str | None:
    """The installed distribution's version, which names the packaged file's release."""
    for name in ("gilda-slim", "gilda"):
        try:
            return f"{name} {distribution(name).version}"
        except PackageNotFoundError:
            continue
    return None


def target_curie(db: str, target_id: str) -> str:
    """`CHEBI:15365` stays; `EFO` + `0009502` becomes `EFO:0009502`."""
    return target_id if ":" in target_id else f"{db}:{target_id}"


def read_gilda(path: Path, progress: Progress = QUIET) -> Iterator[tuple[str, dict]]:
    """(gilda_mesh_mappings, row) per line: mesh_id, mesh_name, target_db, target_id (a CURIE),
    target_name."""
    origin = str(path)
    with open(path, encoding="utf-8") as handle, progress.step("gilda", unit="lines") as step:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            fields = line.rstrip("\r\n").split("\t")
            where = f"line {number}"
            if len(fields) != COLUMNS or fields[0] != "MESH":
                raise bad_field(
                    origin, where, "line", line[:80], "gilda's six columns starting with MESH"
                )
            _, mesh_id, mesh_name, db, target_id, target_name = (f.strip() for f in fields)
            if not MESH_ID.fullmatch(mesh_id):
                raise bad_field(origin, where, "mesh_id", mesh_id, "a MeSH id (D001241)")
            if not db or not target_id:
                raise bad_field(origin, where, "target", f"{db}\t{target_id}", "a database and id")
            if number % 1000 == 0:
                step.update(done=number)
            yield (
                TABLE,
                {
                    "mesh_id": mesh_id,
                    "mesh_name": mesh_name or None,
                    "target_db": db.upper(),
                    "target_id": target_curie(db.upper(), target_id),
                    "target_name": target_name or None,
                },
            )
