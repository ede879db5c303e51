"""The CT.gov mirror as a source of AACT-shaped tables: every mirrored study of the selection is
flattened (AACT's mapping), written to one CSV file per table, and offered to the same bulk
loaders as AACT's own flat files. Records that cannot be flattened are set aside with the
reason, and the rest load."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.aact.readers import AactSource, TableInput
from orchestration.aact.schema import RAW_TABLES
from orchestration.ctgov.flatten import flatten_study
from orchestration.ctgov.mirror import CtgovMirror, selection_key
from orchestration.ctgov.records import CtgovRecordError
from orchestration.ctgov.raw_files import RawTableFiles

# The raw tables the warehouse loads from AACT, plus the study-level ones the API gives whole.
CTGOV_TABLES: tuple[str, ...] = (
    *RAW_TABLES,
    *(
        t
        for t in (
            "keywords",
            "facilities",
            "eligibilities",
            "designs",
            "id_information",
            "reported_events",
        )
        if t not in RAW_TABLES
    ),
)


@dataclass
class FlattenedMirror:
    source: AactSource
    studies: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (record, reason)


@contextmanager
def open_mirror_source(
    mirror_path: Path, params: dict[str, str], workdir: Path, tables=CTGOV_TABLES
) -> Iterator[FlattenedMirror]:
    """The mirrored studies of `params`, flattened to CSV files in `workdir`."""
    files = RawTableFiles(workdir / "ctgov", tables, origin=f"CT.gov mirror {mirror_path}")
    result = FlattenedMirror(source=None)
    with CtgovMirror(mirror_path) as mirror:
        key = selection_key(params)
        data_timestamp = mirror.data_timestamp(key)
        for study in mirror.iter_studies(key):
            try:
                files.add(flatten_study(study))
                result.studies += 1
            except CtgovRecordError as exc:
                name = study.get("protocolSection", {}).get("identificationModule", {})
                result.rejected.append((name.get("nctId") or "?", str(exc)))
    inputs = files.inputs()

    @contextmanager
    def open_table(table: str) -> Iterator[TableInput]:
        yield inputs[table]

    result.source = AactSource(
        description=f"CT.gov mirror {mirror_path} ({params or 'whole registry'})",
        tables=tuple(tables),
        open_table=open_table,
        export_date=(data_timestamp or "")[:10] or None,
    )
    yield result
