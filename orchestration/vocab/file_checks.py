"""Is a downloaded vocabulary file the whole file its reader expects? Checked before the file
replaces the one on disk, so an error page served with 200, an empty body or a body cut off
without a Content-Length never takes the place of a good file (the build would fail on it, or
worse, load nothing and publish marts without its ids).

Cheap and general: the start says what the file is (an XML root element, a TSV header, an
OBO header) and the end says it is whole (the root element closed, a last line ended). A
`.gz` file is read through to its end, which checks its CRC too.
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

from orchestration.vocab.mesh import TSV_HEADER

EDGE_BYTES = 1 << 16
_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)[\s>/]")
_OBO_HEADER = re.compile(rb"(format-version|data-version|ontology):")
GILDA_COLUMNS = 6  # MESH, MeSH id, name, namespace, id, name (gilda's mesh_mappings.tsv)


def _edges(path: Path) -> tuple[bytes, bytes, int]:
    """The first and last EDGE_BYTES of the file's content (unzipped when .gz), and its size."""
    if not path.name.lower().endswith(".gz"):
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(EDGE_BYTES)
            handle.seek(max(0, size - EDGE_BYTES))
            return head, handle.read(), size
    head, tail, size = b"", b"", 0
    with gzip.open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            if len(head) < EDGE_BYTES:
                head += chunk[: EDGE_BYTES - len(head)]
            tail = (tail + chunk)[-EDGE_BYTES:]
            size += len(chunk)
    return head, tail, size


def xml_root(head: bytes) -> str | None:
    """The root element's name: the first element after the declaration, comments and DOCTYPE."""
    text = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.S)
    found = _XML_ROOT.search(text)
    return found.group(1).decode("ascii", "replace") if found else None


def _first_line(head: bytes) -> str:
    return head.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")


def _xml_problem(head: bytes, tail: bytes, root: str) -> str | None:
    found = xml_root(head)
    if found is None:
        return f"no XML element at its start; expected <{root}>"
    if found.lower() == "html":
        return "an HTML page, not the vocabulary"
    if found != root:
        return f"root element <{found}>; expected <{root}>"
    if not tail.rstrip().endswith(f"</{root}>".encode()):
        return f"cut off: it does not end with </{root}>"
    return None


def _text_problem(head: bytes, tail: bytes) -> str | None:
    if (xml_root(head) or "").lower() == "html":
        return "an HTML page, not the vocabulary"
    if not tail.endswith(b"\n"):
        return "cut off: its last line does not end"
    return None


def vocabulary_file_problem(path: Path, vocabulary: str, name: str | None = None) -> str | None:
    """What is wrong with `path` as a file of `vocabulary` (mesh, efo, gilda) named `name` (its
    name decides the layout; default: the path's), or None when it looks whole."""
    name = (name or path.name).lower()
    try:
        head, tail, size = _edges(path)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return f"not a whole gzip file ({exc})"
    if size == 0:
        return "empty"
    layout = name.removesuffix(".gz")
    if vocabulary == "mesh" and layout.endswith(".xml"):
        return _xml_problem(head, tail, "DescriptorRecordSet")
    if vocabulary == "efo" and layout.endswith((".owl", ".xml", ".rdf")):
        return _xml_problem(head, tail, "rdf:RDF")
    problem = _text_problem(head, tail)
    if problem:
        return problem
    first = _first_line(head)
    if vocabulary == "mesh":
        if tuple(field.strip() for field in first.split("\t")) != TSV_HEADER:
            return f"line 1 is {first[:80]!r}; expected the header {' '.join(TSV_HEADER)}"
    elif vocabulary == "efo":
        if not _OBO_HEADER.match(head.lstrip()):
            return f"line 1 is {first[:80]!r}; expected an OBO header (format-version: …)"
    elif vocabulary == "gilda":
        fields = first.split("\t")
        if len(fields) != GILDA_COLUMNS or fields[0] != "MESH":
            return (
                f"line 1 is {first[:80]!r}; expected {GILDA_COLUMNS} tab-separated columns "
                "starting with MESH"
            )
    return None
