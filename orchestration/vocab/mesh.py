"""MeSH tree numbers: where each descriptor sits in MeSH's hierarchies, so conditions and
interventions coded with a MeSH id can be rolled up to their ancestors (C04.588.894.797.520
Lung Neoplasms lies under C04.588.894.797 Respiratory Tract Neoplasms, and so on).

Two inputs, chosen by the file's suffix (a `.gz` after it is read compressed):
- `.tsv` / `.txt`: the dhimmel/mesh `tree-numbers.tsv` layout, header
  `mesh_id<TAB>mesh_name<TAB>mesh_tree_number`, one row per descriptor × tree number;
- `.xml`: NLM's descriptor file `descYYYY.xml` (~300 MB), streamed with `iterparse` and each
  record cleared once read, so memory stays flat.

Rows are `{mesh_id, mesh_name, tree_number}` dicts, streamed. A descriptor without any tree
number (NLM has a few, e.g. check tags) keeps one row with a NULL tree number, so its name is
still known. Ids and tree numbers are checked against MeSH's forms: a file of another layout
fails on its first row, naming file, line or record, field and value.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from orchestration.progress import QUIET, Progress, Step
from orchestration.vocab.errors import VocabInputError, bad_field

TSV_HEADER = ("mesh_id", "mesh_name", "mesh_tree_number")
TSV_SUFFIXES = (".tsv", ".txt")
XML_SUFFIXES = (".xml",)
MESH_ID = re.compile(r"D\d{6,9}")
TREE_NUMBER = re.compile(r"[A-Z]\d{2}(?:\.\d{3})*")


def mesh_format(path: Path) -> str:
    """`tsv` or `xml`, from the file name (`.gz` is looked through)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(XML_SUFFIXES):
        return "xml"
    if name.endswith(TSV_SUFFIXES):
        return "tsv"
    raise VocabInputError(
        f"{path}: not a MeSH file this warehouse reads: expected a dhimmel/mesh tree-numbers "
        f"file ({', '.join(TSV_SUFFIXES)}) or NLM's descriptor XML (descYYYY.xml), "
        "optionally .gz"
    )


TSV_PROGRESS_LINES = 1000  # the TSV reports its position every this many lines


@contextmanager
def _open_binary(path: Path) -> Iterator[tuple[IO[bytes], Callable[[], int]]]:
    """The file's bytes (unzipped when .gz), and how far into the file on disk reading is."""
    with open(path, "rb") as raw:
        if path.name.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=raw) as unzipped:
                yield unzipped, raw.tell
        else:
            yield raw, raw.tell


def mesh_row(origin: str, record: str, mesh_id, mesh_name, tree_number) -> dict:
    """One checked row; `record` says where it came from (`line 12`, `descriptor 3`)."""
    mesh_id = (mesh_id or "").strip()
    if not MESH_ID.fullmatch(mesh_id):
        raise bad_field(origin, record, "mesh_id", mesh_id, "a MeSH descriptor id (D000001)")
    tree_number = (tree_number or "").strip() or None
    if tree_number is not None and not TREE_NUMBER.fullmatch(tree_number):
        where = f"{record} ({mesh_id})"
        raise bad_field(origin, where, "tree_number", tree_number, "a MeSH tree number (C04.588)")
    name = (mesh_name or "").strip() or None
    return {"mesh_id": mesh_id, "mesh_name": name, "tree_number": tree_number}


def read_tree_numbers_tsv(path: Path, step: Step | None = None) -> Iterator[dict]:
    """Rows of a dhimmel/mesh tree-numbers TSV (the bytes read told to `step`)."""
    origin = str(path)
    with _open_binary(path) as (raw, position):
        for number, line in enumerate(raw, start=1):
            if step is not None and number % TSV_PROGRESS_LINES == 0:
                step.update(done=position())
            try:
                text = line.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise VocabInputError(
                    f"{origin}: line {number} is not valid UTF-8 ({exc.reason})"
                ) from None
            if number == 1:
                header = tuple(name.strip() for name in text.split("\t"))
                if header != TSV_HEADER:
                    raise VocabInputError(
                        f"{origin}: line 1 (the header) is {text[:120]!r}; expected the "
                        f"tab-separated columns {', '.join(TSV_HEADER)}"
                    )
                continue
            if not text.strip():
                continue
            fields = text.split("\t")
            if len(fields) != len(TSV_HEADER):
                raise VocabInputError(
                    f"{origin}: line {number}: {len(fields)} tab-separated field(s) in "
                    f"{text[:120]!r}; expected {len(TSV_HEADER)} ({', '.join(TSV_HEADER)})"
                )
            yield mesh_row(origin, f"line {number}", *fields)


def descriptor_rows(origin: str, position: int, record: ET.Element) -> list[dict]:
    """The rows of one `DescriptorRecord`: its own id, name and tree numbers (direct children
    only: ids inside PharmacologicalActionList and the like name other descriptors)."""
    where = f"descriptor record {position}"
    mesh_id = record.findtext("DescriptorUI")
    if mesh_id is None:
        raise VocabInputError(f"{origin}: {where}: no DescriptorUI")
    name = record.findtext("DescriptorName/String")
    trees = [t.text for t in record.findall("TreeNumberList/TreeNumber")] or [None]
    return [mesh_row(origin, where, mesh_id, name, tree) for tree in trees]


def entry_term_rows(record: ET.Element) -> list[dict]:
    """The names a descriptor is also known by (its concepts' terms: "Breast Cancer" for Breast
    Neoplasms), for matching free-text labels; the descriptor's own name included."""
    mesh_id = record.findtext("DescriptorUI")
    terms = {t.text for t in record.findall("ConceptList/Concept/TermList/Term/String") if t.text}
    name = record.findtext("DescriptorName/String")
    if name:
        terms.add(name)
    return [{"mesh_id": mesh_id, "term": term} for term in sorted(terms)]


def _descriptor_records(path: Path, step: Step | None = None) -> Iterator[tuple[int, ET.Element]]:
    """(position, DescriptorRecord) of NLM's descriptor XML, one record in memory at a time (the
    bytes read told to `step`). A file that ends early (a cut-off download) is an error naming
    where it ends, not a quietly shorter vocabulary."""
    origin = str(path)
    position = 0
    with _open_binary(path) as (raw, read_so_far):
        parser = ET.iterparse(raw, events=("start", "end"))
        root = None
        try:
            for event, element in parser:
                if root is None:
                    root = element
                    if root.tag != "DescriptorRecordSet":
                        raise VocabInputError(
                            f"{origin}: root element <{root.tag}>; expected NLM's "
                            "<DescriptorRecordSet> (descYYYY.xml)"
                        )
                if event == "end" and element.tag == "DescriptorRecord":
                    position += 1
                    if step is not None:
                        step.update(done=read_so_far(), detail=f"{position:,} descriptor records")
                    yield position, element
                    root.clear()  # the records read so far: never kept
        except ET.ParseError as exc:
            line, column = exc.position
            reason = str(exc).split(":")[0]
            raise VocabInputError(
                f"{origin}: line {line}, column {column}: not well-formed XML ({reason}) after "
                f"{position} complete descriptor record(s); is the file cut off?"
            ) from None


def read_descriptor_xml(path: Path) -> Iterator[dict]:
    """The tree-number rows of NLM's descriptor XML."""
    for position, record in _descriptor_records(path):
        yield from descriptor_rows(str(path), position, record)


def read_mesh_tables(path: Path, progress: Progress = QUIET) -> Iterator[tuple[str, dict]]:
    """(table, row) for every MeSH table a file fills: tree numbers from either layout, and
    entry terms from NLM's XML (the TSV has none), in one pass; the bytes read are a step of
    `progress` (NLM's XML is 300 MB)."""
    xml = mesh_format(path) == "xml"
    with progress.step("MeSH", total=path.stat().st_size, unit="bytes") as step:
        if not xml:
            for row in read_tree_numbers_tsv(path, step):
                yield "mesh_tree_numbers", row
        else:
            for position, record in _descriptor_records(path, step):
                for row in descriptor_rows(str(path), position, record):
                    yield "mesh_tree_numbers", row
                for row in entry_term_rows(record):
                    yield "mesh_entry_terms", row
        step.update(done=path.stat().st_size)


def read_mesh(path: Path) -> Iterator[dict]:
    """The tree-number rows of a MeSH file of either layout (see the module's docstring)."""
    if mesh_format(path) == "xml":
        return read_descriptor_xml(path)
    return read_tree_numbers_tsv(path)
