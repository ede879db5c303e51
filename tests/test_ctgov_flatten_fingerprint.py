"""The flattener's fingerprint (kept flattened rows are reused while it holds) changes with the
code and the tables' columns, and not with comments or docstrings."""

from __future__ import annotations

import ast
import json
import re
import types
from pathlib import Path

from orchestration.ctgov import flatten_protocol, load
from orchestration.ctgov.flatten_fingerprint import (
    FLATTENER_MODULES,
    code_digest,
    fingerprint,
    flattener_fingerprint,
)
from orchestration.ctgov.flatten_values import study_record
from orchestration.ctgov.load import CTGOV_TABLES

STUDY = Path(__file__).parent / "fixtures" / "ctgov" / "studies" / "NCT05594173.json"


def sources() -> list[str]:
    return [Path(m.__file__).read_text(encoding="utf-8") for m in FLATTENER_MODULES]


def protocol_source() -> str:
    return Path(flatten_protocol.__file__).read_text(encoding="utf-8")


def with_protocol(source: str) -> list[str]:
    """The flattener's sources with flatten_protocol.py replaced by `source`."""
    index = FLATTENER_MODULES.index(flatten_protocol)
    return [source if i == index else text for i, text in enumerate(sources())]


def run_protocol(source: str) -> types.ModuleType:
    """flatten_protocol.py as written in `source`, importable beside the real modules."""
    module = types.ModuleType("edited_flatten_protocol")
    exec(compile(source, "edited_flatten_protocol.py", "exec"), module.__dict__)
    return module


def test_the_loads_fingerprint_is_the_flatteners_over_its_tables():
    assert load.flattener_version() == flattener_fingerprint(CTGOV_TABLES)
    assert re.fullmatch(r"[0-9a-f]{16}", load.flattener_version())


def test_comments_docstrings_and_layout_leave_it_unchanged():
    original = protocol_source()
    edited = original.replace(
        '    """MeSH terms then their ancestors; `mesh_id` keeps the descriptor id AACT drops."""',
        '    """MeSH terms, then every ancestor NLM lists for them."""\n    # a new comment',
    )
    edited = edited.replace("def _browse(", "# spacing and a comment\n\n\ndef _browse(", 1)
    edited = re.sub(r'^"""(.|\n)*?"""', '"""Another module docstring."""', edited, count=1)
    assert "every ancestor NLM lists" in edited and "Another module docstring" in edited
    assert code_digest(edited) == code_digest(original)
    assert fingerprint(with_protocol(edited), CTGOV_TABLES) == flattener_fingerprint(CTGOV_TABLES)


def test_a_change_to_the_rows_changes_it():
    original = protocol_source()
    edited = original.replace('("meshes", "mesh-list")', '("meshes", "mesh-term")')
    assert edited != original
    record = study_record(json.loads(STUDY.read_text(encoding="utf-8")), None)
    before = {r["mesh_type"] for r in run_protocol(original).browse_conditions(record)}
    after = {r["mesh_type"] for r in run_protocol(edited).browse_conditions(record)}
    assert (before, after) == ({"mesh-list", "mesh-ancestor"}, {"mesh-term", "mesh-ancestor"})
    assert fingerprint(with_protocol(edited), CTGOV_TABLES) != flattener_fingerprint(CTGOV_TABLES)


def test_the_tables_built_change_it():
    fewer = tuple(t for t in CTGOV_TABLES if t != "keywords")
    assert flattener_fingerprint(fewer) != flattener_fingerprint(CTGOV_TABLES)


def test_every_module_the_flattener_imports_is_fingerprinted_or_data():
    """A new helper module of the flattener must join FLATTENER_MODULES, or its changes would
    keep stale rows. raw.layouts counts as data (its columns and kinds are hashed); the
    loader's TableInput (raw.source) is no part of a row."""
    fingerprinted = {m.__name__ for m in FLATTENER_MODULES}
    as_data = {"orchestration.raw.layouts", "orchestration.raw.source"}
    for module in FLATTENER_MODULES:
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("orchestration")
        }
        imported |= {
            f"{node.module}.{alias.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "orchestration.ctgov"
            for alias in node.names
        }
        imported.discard("orchestration.ctgov")
        assert imported <= fingerprinted | as_data, (module.__name__, imported - fingerprinted)
