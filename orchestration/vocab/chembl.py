"""ChEMBL web-service JSON: drug indications (which molecule is developed, up to which phase,
for which MeSH/EFO disease) and molecules with their synonyms (to map the intervention names
trials register to ChEMBL ids).

Input is what the API returns, saved as files, so users fetch it however they like:
- pages: `{"drug_indications": [...], "page_meta": {...}}` (`/drug_indication.json`) and
  `{"molecules": [...], "page_meta": {...}}` (`/molecule.json`);
- a bare JSON array of such records (what chembl_webresource_client gives), or one record;
- a folder of such files (every `*.json` in it, in name order), e.g. one file per page.

`max_phase` / `max_phase_for_ind` is a string such as "4.0" in current API versions and an
integer in older ones; both are read as numbers. A record of another kind (e.g. the `drug`
endpoint, which has no `pref_name`) or a value of the wrong type is an error naming the file,
the record, the field and the value. A record seen again (pages fetched twice) is skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from orchestration.progress import QUIET, Progress
from orchestration.vocab.errors import VocabInputError, bad_field

INDICATIONS = "chembl_drug_indications"
MOLECULES = "chembl_molecules"
CHEMBL_ID = re.compile(r"CHEMBL\d+")
PAGE_KEYS = {"drug_indications": INDICATIONS, "molecules": MOLECULES}
PREF_NAME = "PREF_NAME"


def chembl_files(path: Path) -> list[Path]:
    """The JSON files of a file or folder setting."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".json")
        if not files:
            raise VocabInputError(f"{path}: folder has no ChEMBL .json files")
        return files
    if not path.exists():
        raise VocabInputError(f"ChEMBL files not found: {path} does not exist")
    return [path]


def load_json(path: Path):
    try:
        with open(path, "rb") as handle:
            return json.load(handle)
    except json.JSONDecodeError as exc:
        raise VocabInputError(
            f"{path}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except UnicodeDecodeError as exc:
        raise VocabInputError(f"{path}: not valid UTF-8 JSON ({exc.reason})") from None


def record_kind(origin: str, where: str, record) -> str:
    """The table a record of a bare array (or a lone record) belongs to, from its fields."""
    if not isinstance(record, dict):
        raise VocabInputError(
            f"{origin}: {where}: expected a JSON object, found {type(record).__name__}"
        )
    if "drugind_id" in record:
        return INDICATIONS
    if "molecule_chembl_id" in record and "pref_name" in record:
        return MOLECULES
    raise VocabInputError(
        f"{origin}: {where}: not a ChEMBL drug_indication record (no 'drugind_id') nor a "
        f"molecule record (no 'pref_name'), so not read (e.g. the `drug` endpoint's); its "
        f"fields: {', '.join(sorted(record)[:12])}"
    )


def records_of(origin: str, document) -> Iterator[tuple[str, str, dict]]:
    """(table, where, record) for every record of one file's JSON."""
    if isinstance(document, dict):
        pages = [key for key in PAGE_KEYS if key in document]
        if not pages:
            where = "the document"
            yield record_kind(origin, where, document), where, document
            return
        for key in pages:
            records = document[key]
            if not isinstance(records, list):
                raise VocabInputError(
                    f"{origin}: '{key}' is {type(records).__name__}, expected a list of records"
                )
            for position, record in enumerate(records, start=1):
                where = f"{key}[{position}]"
                if record_kind(origin, where, record) != PAGE_KEYS[key]:
                    raise VocabInputError(f"{origin}: {where}: not a {key} record")
                yield PAGE_KEYS[key], where, record
        return
    if isinstance(document, list):
        for position, record in enumerate(document, start=1):
            where = f"record {position}"
            yield record_kind(origin, where, record), where, record
        return
    raise VocabInputError(
        f"{origin}: expected a ChEMBL page (drug_indications or molecules), an array of "
        f"records or one record; found a JSON {type(document).__name__}"
    )


def text(origin: str, where: str, record: dict, field: str) -> str | None:
    value = record.get(field)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    raise bad_field(origin, where, field, value, "text")


def chembl_id(origin: str, where: str, record: dict, field: str, required: bool) -> str | None:
    value = text(origin, where, record, field)
    if value is None and not required:
        return None
    if value is None or not CHEMBL_ID.fullmatch(value):
        raise bad_field(origin, where, field, record.get(field), "a ChEMBL id (CHEMBL25)")
    return value


def phase(origin: str, where: str, record: dict, field: str) -> float | None:
    """A ChEMBL phase: "4.0" (current API), 4 (older ones), 0.5 (early phase 1), -1 (unknown)
    or null."""
    value = record.get(field)
    if value is None:
        return None
    number = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not -1 <= number <= 4:
        raise bad_field(origin, where, field, value, "a phase (a number from -1 to 4)")
    return number


def whole_number(origin: str, where: str, record: dict, field: str) -> int:
    value = record.get(field)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise bad_field(origin, where, field, value, "a whole number")


def references(origin: str, where: str, record: dict) -> str | None:
    """`indication_refs` as `ref_type:ref_id` joined with `; ` (the URLs are left out: they
    follow from type and id)."""
    refs = record.get("indication_refs")
    if refs is None:
        return None
    if not isinstance(refs, list) or not all(isinstance(r, dict) for r in refs):
        raise bad_field(origin, where, "indication_refs", refs, "a list of references")
    parts = []
    for position, ref in enumerate(refs, start=1):
        at = f"{where}.indication_refs[{position}]"
        ref_type, ref_id = text(origin, at, ref, "ref_type"), text(origin, at, ref, "ref_id")
        if ref_type or ref_id:
            parts.append(f"{ref_type or ''}:{ref_id or ''}")
    return "; ".join(parts) or None


def indication_row(origin: str, where: str, record: dict) -> dict:
    drugind_id = whole_number(origin, where, record, "drugind_id")
    where = f"{where} (drugind_id {drugind_id})"
    return {
        "drugind_id": drugind_id,
        "molecule_chembl_id": chembl_id(origin, where, record, "molecule_chembl_id", True),
        "parent_molecule_chembl_id": chembl_id(
            origin, where, record, "parent_molecule_chembl_id", False
        ),
        "max_phase_for_ind": phase(origin, where, record, "max_phase_for_ind"),
        "mesh_id": text(origin, where, record, "mesh_id"),
        "mesh_heading": text(origin, where, record, "mesh_heading"),
        "efo_id": text(origin, where, record, "efo_id"),
        "efo_term": text(origin, where, record, "efo_term"),
        "indication_refs": references(origin, where, record),
    }


def molecule_rows(origin: str, where: str, record: dict) -> list[dict]:
    """One row per name of the molecule: its pref_name (syn_type PREF_NAME), then each
    synonym. A molecule with no name at all has nothing to map and gives no row."""
    molecule = chembl_id(origin, where, record, "molecule_chembl_id", True)
    where = f"{where} ({molecule})"
    pref_name = text(origin, where, record, "pref_name")
    max_phase = phase(origin, where, record, "max_phase")
    synonyms = record.get("molecule_synonyms") or []
    if not isinstance(synonyms, list) or not all(isinstance(s, dict) for s in synonyms):
        raise bad_field(origin, where, "molecule_synonyms", synonyms, "a list of synonyms")
    names = [(pref_name, PREF_NAME)] if pref_name else []
    for position, entry in enumerate(synonyms, start=1):
        at = f"{where}.molecule_synonyms[{position}]"
        name = text(origin, at, entry, "molecule_synonym") or text(origin, at, entry, "synonyms")
        if name:
            names.append((name, text(origin, at, entry, "syn_type")))
    return [
        {
            "molecule_chembl_id": molecule,
            "pref_name": pref_name,
            "synonym": name,
            "syn_type": syn_type,
            "max_phase": max_phase,
        }
        for name, syn_type in names
    ]


def read_chembl(paths: Iterable[Path], progress: Progress = QUIET) -> Iterator[tuple[str, dict]]:
    """(table, row) for every record of every file, in file order; one file in memory at a
    time (an API page holds at most 1000 records). The files read are a step of `progress`."""
    paths = list(paths)
    seen: dict[str, set] = {INDICATIONS: set(), MOLECULES: set()}
    with progress.step("ChEMBL", total=len(paths), unit="files") as step:
        for path in paths:
            origin = str(path)
            for table, where, record in records_of(origin, load_json(path)):
                if table == INDICATIONS:
                    row = indication_row(origin, where, record)
                    key = row["drugind_id"]
                    rows = [row]
                else:
                    rows = molecule_rows(origin, where, record)
                    key = record.get("molecule_chembl_id")
                if key in seen[table]:
                    continue
                seen[table].add(key)
                for row in rows:
                    yield table, row
            step.advance(
                detail=f"{len(seen[INDICATIONS]):,} indications, {len(seen[MOLECULES]):,} molecules"
            )
