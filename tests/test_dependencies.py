"""pyproject.toml says what the code needs: every third-party module that orchestration/ or bench/
imports belongs to a declared dependency, what tests/ imports is declared or in the dev group,
and every declared dependency is imported (or in USED_WITHOUT_IMPORT, with the reason)."""

from __future__ import annotations

import ast
import sys
import tomllib
from functools import cache
from importlib.metadata import distributions, packages_distributions

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from orchestration.settings import REPO_ROOT

LOCAL = {"orchestration", "bench", "tests", "fakes"}  # fakes: local services for tests, bench
# Declared, needed, and never imported by our code: what each one is for.
USED_WITHOUT_IMPORT = {
    "dagster-webserver": "the UI that `./warehouse ui` starts (dagster dev)",
    "dbt-postgres": "dbt's adapter for CTW_TARGET=postgres, which dbt loads by name",
    "dagster-postgres": "the storage `./warehouse serve` names in dagster.yaml",
    "dagster-dg-cli": "`dg check defs` (CI) and `dg dev`",
    "ruff": "the style test runs `python -m ruff`",
    "pytest-xdist": "`./warehouse test` runs pytest with `-n auto` (one worker per core)",
    "gilda-slim": "its data file gilda/resources/mesh_mappings.tsv, read by path without importing "
    "gilda (orchestration/vocab/gilda.py: the offline MeSH → EFO/DOID/ChEBI mappings)",
}


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = {canonicalize_name(Requirement(r).name) for r in project["project"]["dependencies"]}
    dev = {canonicalize_name(Requirement(r).name) for r in project["dependency-groups"]["dev"]}
    return runtime, dev


@cache
def _imports(folder: str) -> dict[str, str]:
    """Every absolute import of a third-party module under `folder`: module → first file."""
    found: dict[str, str] = {}
    for path in sorted((REPO_ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in LOCAL and top not in sys.stdlib_module_names:
                    found.setdefault(name, str(path.relative_to(REPO_ROOT)))
    return found


@cache
def _files_by_distribution() -> dict[str, set[str]]:
    return {
        canonicalize_name(dist.metadata["Name"]): {str(f) for f in dist.files or ()}
        for dist in distributions()
    }


@cache
def _top_level_owners() -> dict[str, list[str]]:
    return packages_distributions()


@cache
def _owners(module: str) -> frozenset[str]:
    """The installed distributions that provide `module`; for a namespace package several ship
    (dbt: dbt-core, dbt-duckdb, …), the one holding the module's own files."""
    top = module.split(".")[0]
    owners = frozenset(canonicalize_name(d) for d in _top_level_owners().get(top, []))
    if len(owners) <= 1:
        return owners
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        prefix = "/".join(parts[:length])
        holding = {
            dist
            for dist in owners
            if any(
                f.startswith(prefix + "/") or f == prefix + ".py"
                for f in _files_by_distribution().get(dist, ())
            )
        }
        if len(holding) == 1:
            return frozenset(holding)
    return owners


def _undeclared(folders: tuple[str, ...], allowed: set[str]) -> list[str]:
    problems = []
    for folder in folders:
        for module, path in sorted(_imports(folder).items()):
            owners = _owners(module)
            if not owners:
                problems.append(f"{path}: imports {module}, which no installed package provides")
            elif not owners & allowed:
                problems.append(
                    f"{path}: imports {module} (from {', '.join(sorted(owners))}), not declared"
                )
    return problems


def test_every_import_of_the_code_is_a_declared_dependency():
    runtime, _ = _declared()
    assert _undeclared(("orchestration", "bench"), runtime) == []


def test_the_tests_import_only_declared_or_dev_dependencies():
    runtime, dev = _declared()
    assert _undeclared(("tests", "fakes"), runtime | dev) == []
    assert {"pytest", "playwright"} <= dev and not {"pytest", "playwright"} & runtime


def test_every_declared_dependency_is_used():
    runtime, dev = _declared()
    imported = set()
    for folder in ("orchestration", "bench", "tests", "fakes"):
        for module in _imports(folder):
            imported |= _owners(module)
    unused = sorted((runtime | dev) - imported - set(USED_WITHOUT_IMPORT))
    assert unused == [], f"declared in pyproject.toml, never imported: {unused}"


def test_the_import_scan_finds_what_it_should():
    """The scan itself: a namespace package resolves to the distribution of the submodule."""
    assert _owners("dbt.adapters.duckdb.connections") == {"dbt-duckdb"}
    assert _owners("dbt.cli.main") == {"dbt-core"}
    assert _owners("yaml") == {"pyyaml"}
    assert "polars" in {m.split(".")[0] for m in _imports("orchestration")}
