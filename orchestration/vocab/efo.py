"""The Experimental Factor Ontology (EFO) as two tables: its terms (id, name, exact synonyms) and
their cross-references (MeSH, DOID, MONDO, …), so MeSH-coded conditions can carry the EFO ids
Open Targets and ChEMBL use.

Two layouts, by the file's suffix (`.gz` is looked through):
- `efo.obo` (OBO 1.2): `[Term]` stanzas with `id:`, `name:`, `synonym: "…" EXACT […]`,
  `xref: MSH:D001249 {…}` and `is_obsolete: true`;
- `efo.owl` (RDF/XML): top-level `owl:Class` elements (`rdf:about` an OBO PURL such as
  `…/EFO_0000270`) with `rdfs:label`, `oboInOwl:hasExactSynonym`, `oboInOwl:hasDbXref` and
  `owl:deprecated`; streamed with `iterparse`, each class cleared once read.

Obsolete (deprecated) terms are skipped. Ids are CURIEs (`EFO:0000270`, `MONDO:0004979`); a
cross-reference's database is upper-cased and MeSH's spellings (MSH, MeSH, MESH) become `MESH`.
A file of neither layout fails on its first record, naming file, record, field and value.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from orchestration.progress import QUIET, Progress
from orchestration.vocab.errors import VocabInputError, bad_field

TERMS = "efo_terms"
XREFS = "efo_xrefs"
CURIE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*:\S+")
_OBO_SYNONYM = re.compile(r'^"((?:[^"\\]|\\.)*)"\s+EXACT\b')
_PURL_ID = re.compile(r"/([A-Za-z][A-Za-z0-9]*)_([^/_#]+)$")
_XREF_DB = {"MSH": "MESH", "MESH": "MESH"}
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_OWL = "{http://www.w3.org/2002/07/owl#}"
_RDFS = "{http://www.w3.org/2000/01/rdf-schema#}"
_OBO_IN_OWL = "{http://www.geneontology.org/formats/oboInOwl#}"


def efo_format(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".obo"):
        return "obo"
    if name.endswith((".owl", ".xml", ".rdf")):
        return "owl"
    raise VocabInputError(
        f"{path}: not an EFO file this warehouse reads: expected efo.obo or efo.owl (.gz too)"
    )


def _open(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def xref_row(efo_id: str, xref: str) -> dict | None:
    """`MSH:D001249 {source=…}` → {efo_id, xref_db: MESH, xref_id: D001249}; None for a
    reference that is no CURIE (a URL, free text)."""
    value = xref.strip().split()[0] if xref.strip() else ""
    if not CURIE.fullmatch(value) or value.lower().startswith(("http:", "https:")):
        return None
    db, _, local = value.partition(":")
    db = _XREF_DB.get(db.upper(), db.upper())
    return {"efo_id": efo_id, "xref_db": db, "xref_id": local}


def term_rows(origin: str, where: str, efo_id, name, synonyms, xrefs) -> Iterator[tuple[str, dict]]:
    efo_id = (efo_id or "").strip()
    if not CURIE.fullmatch(efo_id):
        raise bad_field(origin, where, "id", efo_id, "an ontology term id (EFO:0000270)")
    unique = list(dict.fromkeys(s.strip() for s in synonyms if s and s.strip()))
    yield (
        TERMS,
        {
            "efo_id": efo_id,
            "efo_name": (name or "").strip() or None,
            "synonyms": " | ".join(unique) or None,
        },
    )
    seen = set()
    for xref in xrefs:
        row = xref_row(efo_id, xref)
        if row is not None and (row["xref_db"], row["xref_id"]) not in seen:
            seen.add((row["xref_db"], row["xref_id"]))
            yield XREFS, row


def read_obo(path: Path, progress: Progress = QUIET) -> Iterator[tuple[str, dict]]:
    origin = str(path)
    with _open(path) as raw, progress.step("EFO", unit="terms") as step:
        stanza: str | None = None
        fields: dict[str, list[str]] = {}
        line_number = start = 0
        seen_header = False

        def flush():
            if stanza == "Term" and fields and fields.get("is_obsolete", [""])[0] != "true":
                step.advance()
                yield from term_rows(
                    origin, f"line {start}", (fields.get("id") or [""])[0],
                    (fields.get("name") or [None])[0],
                    [m.group(1) for s in fields.get("synonym", []) if (m := _OBO_SYNONYM.match(s))],
                    fields.get("xref", []),
                )  # fmt: skip

        for line_number, data in enumerate(raw, start=1):
            line = data.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("["):
                yield from flush()
                stanza, fields, start = line.strip("[] "), {}, line_number
                continue
            key, sep, value = line.partition(":")
            if not sep:
                continue
            if stanza is None:
                seen_header = seen_header or key in ("format-version", "data-version", "ontology")
                continue
            fields.setdefault(key.strip(), []).append(value.strip())
        yield from flush()
    if not seen_header and stanza is None:
        raise bad_field(origin, "line 1", "header", "", "an OBO header (format-version:)")


def _owl_id(origin: str, where: str, about: str) -> str:
    found = _PURL_ID.search(about)
    if not found:
        raise bad_field(origin, where, "rdf:about", about, "an OBO PURL (…/EFO_0000270)")
    return f"{found.group(1)}:{found.group(2)}"


def _owl_rows(origin: str, where: str, element: ET.Element) -> Iterator[tuple[str, dict]]:
    texts = [s.text or "" for s in element.findall(f"{_OBO_IN_OWL}hasExactSynonym")]
    xrefs = [x.text or "" for x in element.findall(f"{_OBO_IN_OWL}hasDbXref")]
    efo_id = _owl_id(origin, where, element.get(f"{_RDF}about"))
    return term_rows(origin, where, efo_id, element.findtext(f"{_RDFS}label"), texts, xrefs)


def read_owl(path: Path, progress: Progress = QUIET) -> Iterator[tuple[str, dict]]:
    origin = str(path)
    depth = classes = 0
    with _open(path) as raw, progress.step("EFO", unit="terms") as step:
        try:
            for event, element in ET.iterparse(raw, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if depth == 1 and element.tag != f"{_RDF}RDF":
                        raise bad_field(origin, "root", "element", element.tag, "rdf:RDF")
                    continue
                depth -= 1
                if depth != 1:
                    continue  # a nested element: read with its class
                if element.tag == f"{_OWL}Class" and element.get(f"{_RDF}about"):
                    classes += 1
                    deprecated = element.findtext(f"{_OWL}deprecated", "").strip() == "true"
                    if not deprecated:
                        step.advance()
                        yield from _owl_rows(origin, f"owl:Class {classes}", element)
                element.clear()
        except ET.ParseError as exc:
            raise VocabInputError(
                f"{origin}: not a whole EFO OWL file (after {classes} classes): {exc}"
            ) from None


def read_efo(path: Path, progress: Progress = QUIET) -> Iterator[tuple[str, dict]]:
    """(table, row) for efo_terms and efo_xrefs, from either layout."""
    reader = read_obo if efo_format(path) == "obo" else read_owl
    return reader(path, progress)
