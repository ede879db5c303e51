"""Regenerate the bundled AACT sample: the 24 real AACT studies plus rows derived from real
ClinicalTrials.gov API v2 records.

Why: the AACT files of the 24 studies lack tables the marts need (`browse_conditions`,
`countries`, `outcome_measurements`, `outcome_counts`, `reported_events`), so a build from the
sample left those models empty. The API records bundled with the tests are flattened with this
project's flattener (AACT's own mapping, checked against AACT's golden rows) and appended to
every table the warehouse loads (and to every other table file of the sample), in AACT's
flat-file format.

Deterministic and idempotent: every run rebuilds the sample from the pristine 24-study files
(or, when they are absent, from the sample itself without the API studies' rows), appends the
API studies in NCT-id order, and gives their rows AACT-style sequential ids after each table's
largest id (the flattener's 63-bit ids do not fit AACT's `integer` columns), foreign keys
renumbered to match.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from orchestration.aact.schema import DDL_PATH, RAW_TABLES, aact_tables
from orchestration.ctgov.flatten import TABLES as MAPPED_TABLES
from orchestration.ctgov.flatten import flatten_study
from orchestration.raw.table_files import encode_rows
from orchestration.settings import REPO_ROOT, SAMPLE_AACT_DIR

DEFAULT_ORIGINALS = REPO_ROOT.parent / "shared" / "fixtures" / "aact" / "flatfiles_subset"
DEFAULT_STUDIES = REPO_ROOT / "tests" / "fixtures" / "ctgov" / "studies"
IDS_FILE = "SELECTED_NCT_IDS.txt"

# Integer columns that point at another table's `id` (AACT's DDL declares no foreign keys).
REFERENCES = {
    "design_group_id": "design_groups",
    "intervention_id": "interventions",
    "facility_id": "facilities",
    "reference_id": "study_references",
    "outcome_id": "outcomes",
    "outcome_analysis_id": "outcome_analyses",
    "result_group_id": "result_groups",
}
# AACT stamps these (NOT NULL) when it loads a study; the flattener leaves them empty.
LOAD_STAMPS = ("created_at", "updated_at")
_STUDY_FILE = re.compile(r"(NCT\d{8})(?:\.v(\d{4}-\d{2}-\d{2}))?\.json")


@dataclass
class TableFile:
    """One `<table>.txt`: its header line, columns and records (each as its raw text)."""

    header: str
    columns: list[str]
    records: list[str]

    def text(self) -> str:
        return "".join(f"{line}\n" for line in (self.header, *self.records))


def split_records(text: str) -> list[str]:
    """The records of a PostgreSQL `COPY … CSV` file, newlines inside quoted fields kept."""
    records, start, quoted = [], 0, False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "\n" and not quoted:
            records.append(text[start:i])
            start = i + 1
    if quoted or text[start:]:
        raise ValueError("the file does not end with a complete record and a newline")
    return records


def split_fields(record: str) -> list[str | None]:
    """A record's values: NULL (empty, unquoted) as None, `""` as "", quotes undone."""
    fields: list[str | None] = []
    i = 0
    while True:
        if record[i : i + 1] == '"':
            parts, start = [], i + 1
            while True:
                end = record.index('"', start)
                parts.append(record[start:end])
                if record[end + 1 : end + 2] != '"':
                    break
                parts.append('"')
                start = end + 2
            fields.append("".join(parts))
            i = end + 1
        else:
            end = record.find("|", i)
            end = len(record) if end < 0 else end
            fields.append(record[i:end] or None)
            i = end
        if i >= len(record):
            return fields
        i += 1  # the delimiter


def read_table(path: Path) -> TableFile:
    header, *records = split_records(path.read_text(encoding="utf-8"))
    return TableFile(header, header.split("|"), records)


def ddl_columns(table: str) -> list[str]:
    """AACT's columns of `table`, in DDL order (without the warehouse's extra ones)."""
    return [c.name for c in aact_tables()[table]]


def load_api_studies(folder: Path) -> dict[str, dict]:
    """{nct_id: record}: one record per study, the newest `.vYYYY-MM-DD` version of several;
    a file holding a one-study search page (`studies`) counts as that study."""
    chosen: dict[str, tuple[str, Path]] = {}
    for path in sorted(folder.glob("NCT*.json")):
        match = _STUDY_FILE.fullmatch(path.name)
        if not match:
            continue
        nct_id, version = match.group(1), match.group(2) or ""
        if nct_id not in chosen or version > chosen[nct_id][0]:
            chosen[nct_id] = (version, path)
    studies = {}
    for nct_id, (_, path) in sorted(chosen.items()):
        document = json.loads(path.read_text(encoding="utf-8"))
        records = document["studies"] if "studies" in document else [document]
        if len(records) != 1:
            raise ValueError(f"{path}: expected one study, found {len(records)}")
        studies[nct_id] = records[0]
    return studies


def original_tables(
    originals: Path | None, sample: Path, api_ids: set[str]
) -> tuple[dict[str, TableFile], list[str]]:
    """{table: TableFile} and the NCT ids of the 24-study originals: the pristine files, or
    the sample's own without the API studies' rows."""
    folder = originals or sample
    tables = {}
    for path in sorted(folder.glob("*.txt")):
        if path.name == IDS_FILE:
            continue
        table = read_table(path)
        position = table.columns.index("nct_id")
        kept = [r for r in table.records if split_fields(r)[position] not in api_ids]
        if originals and len(kept) != len(table.records):
            raise ValueError(f"{path}: the originals already hold rows of the API studies")
        tables[path.stem] = TableFile(table.header, table.columns, kept)
    ids = (folder / IDS_FILE).read_text(encoding="utf-8").split()
    return tables, [i for i in ids if i not in api_ids]


def renumber(
    tables: dict[str, TableFile], flattened: dict[str, list[dict]]
) -> dict[str, list[dict]]:
    """The API rows with AACT-style ids: each table's continue after its largest id, in row
    order; foreign keys follow their parent rows."""
    new_ids: dict[str, dict[int, int]] = {}
    for name, rows in flattened.items():
        if "id" not in tables[name].columns:
            continue
        position = tables[name].columns.index("id")
        largest = max((int(split_fields(r)[position]) for r in tables[name].records), default=0)
        new_ids[name] = {row["id"]: largest + n for n, row in enumerate(rows, 1)}
    renumbered = {}
    for name, rows in flattened.items():
        kinds = {c.name: c.kind for c in aact_tables()[name]}
        keys = [c for c in tables[name].columns if c.endswith("_id") and kinds[c] == "integer"]
        references = {column: REFERENCES.get(column) for column in keys}
        for column, parent in references.items():
            if parent not in new_ids:
                raise ValueError(f"{name}.{column}: no table written that it points at")
        renumbered[name] = [
            {
                **row,
                **({"id": new_ids[name][row["id"]]} if name in new_ids else {}),
                **{
                    column: new_ids[parent][row[column]]
                    for column, parent in references.items()
                    if row.get(column) is not None
                },
            }
            for row in rows
        ]
    return renumbered


def derive(
    originals: Path | None, studies_dir: Path, sample: Path
) -> tuple[dict[str, str], dict[str, int]]:
    """{file name: its new content} for the sample folder, and {table: API rows appended}."""
    api = load_api_studies(studies_dir)
    tables, ids = original_tables(originals, sample, set(api))
    for name in RAW_TABLES:
        if name not in tables:
            columns = ddl_columns(name)
            tables[name] = TableFile("|".join(columns), columns, [])
    unknown = sorted(set(tables) - set(aact_tables()))
    if unknown:
        raise ValueError(f"not AACT tables: {', '.join(unknown)} (DDL {DDL_PATH})")
    for name, table in tables.items():
        extra = sorted(set(table.columns) - set(ddl_columns(name)))
        if extra:
            raise ValueError(f"{name}: columns not in AACT's DDL: {', '.join(extra)}")

    flattened: dict[str, list[dict]] = {name: [] for name in tables}
    mapped = [name for name in tables if name in MAPPED_TABLES]  # the rest keep AACT's rows only
    for record in api.values():
        for name, rows in flatten_study(record, tables=mapped).items():
            flattened[name].extend(rows)
    # The load stamp AACT would set: the day of the newest record, the same on every run.
    newest = max(r["last_update_posted_date"] or date.min for r in flattened["studies"])
    stamp = datetime.combine(newest, time())
    for row in flattened["studies"]:
        row.update({c: row.get(c) or stamp for c in LOAD_STAMPS})

    columns = {name: tuple(table.columns) for name, table in tables.items()}
    encoded = encode_rows(columns, renumber(tables, flattened))
    files = {f"{name}.txt": table.text() + encoded.get(name, "") for name, table in tables.items()}
    files[IDS_FILE] = "".join(f"{i}\n" for i in [*ids, *api])
    return files, {name: len(rows) for name, rows in sorted(flattened.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.sample.derive_from_api",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument(
        "--originals",
        type=Path,
        default=DEFAULT_ORIGINALS,
        help="the pristine 24-study AACT flat files (default: %(default)s); when the folder is "
        "absent, the sample's own files without the API studies' rows",
    )
    parser.add_argument(
        "--studies",
        type=Path,
        default=DEFAULT_STUDIES,
        help="API v2 study records, NCT*.json (default: %(default)s)",
    )
    parser.add_argument(
        "--sample", type=Path, default=SAMPLE_AACT_DIR, help="folder written (default: %(default)s)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the sample differs from what would be written",
    )
    args = parser.parse_args(argv)
    originals = args.originals if args.originals.is_dir() else None
    files, appended = derive(originals, args.studies, args.sample)
    stale = [
        name
        for name, text in files.items()
        if not (args.sample / name).exists()
        or (args.sample / name).read_text(encoding="utf-8") != text
    ]
    if args.check:
        print(f"stale: {', '.join(stale)}" if stale else "the sample is up to date")
        return 1 if stale else 0
    args.sample.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.sample / name).write_text(text, encoding="utf-8", newline="")
    source = originals or f"{args.sample} without the API studies' rows"
    print(f"{args.sample}: {len(files)} files ({len(stale)} changed) from {source}")
    print(f"{len(files[IDS_FILE].split())} studies; API rows appended from {args.studies}:")
    print(", ".join(f"{name} {count}" for name, count in appended.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
