"""The flattener's fingerprint: the mirror keeps each study's flattened rows and reuses them
while this fingerprint holds, so it must change whenever the rows could, and only then.

It hashes what the rows are made of: the tables built with their DDL columns and column kinds
(the rows are typed and encoded by them), and the code that maps and encodes a record, read as
syntax trees without docstrings. A comment, a docstring or a reformatting leaves it as it was;
any change to the code changes it, even one that leaves every row the same (one needless
re-flatten of the mirror). Hashing the rows of a fixed set of fixture records instead would miss
a change on any path those records do not reach, and then keep stale rows without a word.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from orchestration.ctgov import (
    flatten,
    flatten_protocol,
    flatten_results,
    flatten_values,
    record_types,
    records,
)
from orchestration.raw import table_files
from orchestration.raw.layouts import table_columns

# The modules whose code decides the flattened rows and their CSV encoding. The other modules
# they import count as data (raw.layouts: the columns and kinds hashed below) or touch no row
# (raw.source: the loader's TableInput); tests/test_ctgov_flatten_fingerprint.py checks it.
FLATTENER_MODULES: tuple[ModuleType, ...] = (
    flatten,
    flatten_values,
    flatten_protocol,
    flatten_results,
    records,
    record_types,  # only the reason a record is set aside: rare to change, and it re-flattens
    table_files,
)
_DOCSTRING_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def code_digest(source: str) -> str:
    """sha256 of a module's syntax tree without its docstrings (comments are not in the tree,
    nor are line numbers)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, _DOCSTRING_OWNERS) and _has_docstring(node):
            node.body = node.body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()


def _has_docstring(node: ast.AST) -> bool:
    first = node.body[0] if node.body else None
    return (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )


def fingerprint(sources: Iterable[str], tables: Iterable[str]) -> str:
    """16 hex digits over the code of `sources` and the columns of `tables`."""
    layout = {t: [(c.name, c.kind) for c in table_columns(t)] for t in tables}
    digest = hashlib.sha256()
    for source in sources:
        digest.update(code_digest(source).encode())
    digest.update(json.dumps(layout).encode())
    return digest.hexdigest()[:16]


def flattener_fingerprint(tables: Iterable[str]) -> str:
    """The fingerprint of the flattener as installed, building `tables`."""
    sources = (Path(m.__file__).read_text(encoding="utf-8") for m in FLATTENER_MODULES)
    return fingerprint(sources, tables)
