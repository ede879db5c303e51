"""The CT.gov mirror as a source of AACT-shaped tables: every mirrored study of the selection is
flattened (AACT's mapping), written to one CSV file per table, and offered to the same bulk
loaders as AACT's own flat files. Records that cannot be flattened are set aside with the
reason, and the rest load.

A study's flattened rows are kept in the mirror beside its JSON, so a build after an incremental
sync flattens only the studies that sync changed."""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from orchestration.ctgov.flatten import flatten_study
from orchestration.ctgov.flatten_fingerprint import flattener_fingerprint
from orchestration.ctgov.mirror import CtgovMirror, selection_key
from orchestration.ctgov.records import CtgovRecordError
from orchestration.progress import QUIET, Progress
from orchestration.raw.source import TableInput, TableSource, file_sizes
from orchestration.raw.table_files import RawTableFiles, encode_rows, table_columns_of
from orchestration.sources import SOURCES_BY_NAME

# The raw tables the warehouse loads from AACT, plus the study-level ones the API gives whole
# (orchestration/sources.py).
CTGOV_TABLES: tuple[str, ...] = SOURCES_BY_NAME["ctgov"].tables


# Flattened rows kept in the mirror are reused while this fingerprint holds: a change to the
# mapping's code, the CSV encoding or the tables and their columns flattens every study again
# (comments and docstrings do not: flatten_fingerprint.py). Computed when first needed: a build
# without the CT.gov source does not read the flattener's code.
@cache
def flattener_version() -> str:
    return flattener_fingerprint(CTGOV_TABLES)


def flatten_content(
    nct_id: str, content: bytes, columns: dict[str, tuple[str, ...]]
) -> tuple[str, bytes | None, str | None]:
    """(nct_id, its AACT rows as compressed CSV lines per table, None) or (nct_id, None, why)."""
    try:
        study = json.loads(zlib.decompress(content))
        encoded = encode_rows(columns, flatten_study(study, tables=tuple(columns)))
    except CtgovRecordError as exc:
        return nct_id, None, str(exc)
    return nct_id, zlib.compress(json.dumps(encoded).encode(), 1), None


def decode_flattened(flat: bytes) -> dict[str, str]:
    return json.loads(zlib.decompress(flat))


def flatten_new_studies(
    mirror: CtgovMirror, key: str, batch: int = 1000, progress: Progress = QUIET
) -> int:
    """Flatten the studies of the selection that changed since they were last flattened (all of
    them the first time), keeping the rows beside each study; returns how many flattened (a
    record that fails is kept with its reason, and not counted)."""
    columns = table_columns_of(CTGOV_TABLES)
    after, flattened = "", 0
    version = flattener_version()
    total = mirror.unflattened_count(key, version)
    with progress.step("CT.gov flatten", total=total, unit="studies") as step:
        while studies := mirror.unflattened(key, version, after, batch):
            rows = [flatten_content(nct_id, content, columns) for nct_id, content in studies]
            mirror.store_flattened(key, version, rows)
            after = studies[-1][0]
            flattened += sum(1 for _, flat, _ in rows if flat is not None)
            step.advance(len(studies))
    return flattened


@dataclass
class FlattenedMirror(TableSource):
    """The mirror's studies as a source, with what flattening them took."""

    studies: int = 0
    flattened: int = 0  # studies flattened by this build (the rest reused their kept rows)
    seconds: float = 0.0  # flattening and writing the CSV files
    # (nct_id, why): studies whose newest record cannot be flattened, loaded at their earlier one
    kept_earlier: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        reused = self.studies - self.flattened
        earlier = f", {len(self.kept_earlier)} at their earlier record" if self.kept_earlier else ""
        return (
            f"CT.gov mirror: {self.studies:,} studies, {self.flattened:,} flattened now, "
            f"{max(reused, 0):,} reused from the mirror, {len(self.rejected)} set aside"
            f"{earlier}; {self.seconds:.1f} s"
        )


@contextmanager
def open_mirror_source(
    mirror_path: Path,
    params: dict[str, str],
    workdir: Path,
    tables=CTGOV_TABLES,
    progress: Progress = QUIET,
) -> Iterator[FlattenedMirror]:
    """The mirrored studies of `params` as one CSV file per table in `workdir`: studies new or
    changed since the last build are flattened, the others reuse the rows kept in the mirror
    (both steps of `progress`)."""
    started = time.perf_counter()
    files = RawTableFiles(workdir / "ctgov", tables, origin=f"CT.gov mirror {mirror_path}")
    studies = 0
    with CtgovMirror(mirror_path) as mirror:
        key = selection_key(params)
        data_timestamp = mirror.data_timestamp(key)
        rejected = [(f"sync record {pos}", why) for pos, why in mirror.rejects(key)]
        kept_earlier: list[tuple[str, str]] = []
        flattened = flatten_new_studies(mirror, key, progress=progress)
        with progress.step("CT.gov CSV files", total=mirror.count(key), unit="studies") as step:
            for nct_id, flat, error in mirror.iter_flattened(key):
                step.advance()
                if error is not None and flat is None:
                    rejected.append((nct_id, error))
                    continue
                if error is not None:  # its newest record fails; its earlier one loads
                    kept_earlier.append((nct_id, error))
                files.write(decode_flattened(flat))
                studies += 1
    inputs = files.inputs()

    @contextmanager
    def open_table(table: str) -> Iterator[TableInput]:
        yield inputs[table]

    yield FlattenedMirror(
        description=f"CT.gov mirror {mirror_path} ({params or 'whole registry'})",
        tables=tuple(tables),
        open_table=open_table,
        export_date=(data_timestamp or "")[:10] or None,
        rejected=rejected,
        sizes=file_sizes(inputs),
        concurrent_tables=True,
        studies=studies,
        flattened=flattened,
        seconds=time.perf_counter() - started,
        kept_earlier=kept_earlier,
    )
