"""Mapping quality on any set of real ClinicalTrials.gov API v2 records.

  python bench/mapping_quality.py tests/fixtures/ctgov/heldout/test.jsonl.gz
  python bench/mapping_quality.py DIR_OR_FILE [...] --out /tmp/quality --show-misses

Serves the records (one study per file, or API search pages) from the local fake API v2, syncs
them with `./warehouse ctgov-sync` and builds a warehouse from them alone (CTW_SOURCES=ctgov,
DuckDB, the vocabularies a default build reads), then prints the figures the issue sets and the
build summary prints:

- condition labels mapped to a MeSH descriptor, among studies that carry MeSH condition terms;
- drug labels (counted intervention types) mapped to a MeSH or ChEMBL id;
- result groups of outcomes and adverse events linked to an arm (or to the sole intervention of
  a study that declares no arms).

Why a script and not only the build summary: a figure measured on the records a rule was written
against says little; this measures any folder of records, e.g. a held-out set, or a user's own
sync. `--show-misses` lists the labels left unmapped (leave it off on a held-out set you mean to
keep unseen).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from fakes.ctgov_server import FakeCtgov, serve

REPO_ROOT = Path(__file__).resolve().parent.parent

SHARES = (
    "select sum(case when condition_mesh_terms > 0 then conditions_mapped end), "
    "sum(case when condition_mesh_terms > 0 then condition_count end), "
    "sum(drugs_mapped), sum(drug_count), "
    "count(*) filter (where condition_mesh_terms > 0), count(*) from marts.dim_trials"
)
LINKS = (
    "select count(*), count(treatment_key), count(distinct nct_id) "
    "from intermediate.int_result_group_arms where result_type in ('Outcome', 'Reported Event')"
)
CONDITION_MISSES = (
    "select nct_id, condition_name from intermediate.int_trial_conditions c "
    "where condition_mesh_term is null and exists (select 1 from marts.dim_trials t "
    "where t.nct_id = c.nct_id and t.condition_mesh_terms > 0) order by 1, 2"
)


@dataclass
class Quality:
    studies: int
    studies_with_condition_terms: int
    conditions_mapped: int
    conditions: int
    drugs_mapped: int
    drugs: int
    groups_linked: int
    groups: int
    studies_with_results: int

    @staticmethod
    def share(part: int, whole: int) -> str:
        return f"{part} of {whole} ({100 * part / whole:.1f} %)" if whole else "none"

    def lines(self) -> list[str]:
        return [
            f"studies: {self.studies} ({self.studies_with_condition_terms} with MeSH condition "
            "terms)",
            "condition labels mapped to MeSH (studies with MeSH condition terms): "
            + self.share(self.conditions_mapped, self.conditions),
            "drug labels mapped to a MeSH or ChEMBL id: "
            + self.share(self.drugs_mapped, self.drugs),
            f"result groups (outcomes, adverse events) linked, in {self.studies_with_results} "
            "studies with results: " + self.share(self.groups_linked, self.groups),
        ]


def _documents(path: Path) -> list[dict]:
    """A file's JSON documents: one per `.json` file, one per line of a `.jsonl.gz`."""
    if path.name.endswith(".jsonl.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            return [json.loads(line) for line in lines if line.strip()]
    return [json.loads(path.read_text())]


def read_records(sources: list[Path]) -> list[dict]:
    """Every study in the sources: folders of `.json` files (single records or search pages) or
    `.jsonl.gz` files of records; a study met twice keeps its last file in name order."""
    files: list[Path] = []
    for source in sources:
        files += (
            sorted(source.glob("*.json")) + sorted(source.glob("*.jsonl.gz"))
            if source.is_dir()
            else [source]
        )
    by_id: dict[str, dict] = {}
    for path in files:
        for document in _documents(path):
            for study in document.get("studies", [document]):
                by_id[study["protocolSection"]["identificationModule"]["nctId"]] = study
    return list(by_id.values())


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"`warehouse {' '.join(args)}` failed:\n{done.stderr[-3000:]}")
    return done


def build_from_records(records: list[dict], work: Path) -> Path:
    """Sync the records from a local fake API v2 and build a DuckDB warehouse of them alone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTW_")}
    env.update(
        DAGSTER_HOME=str(work / "dagster_home"),
        CTW_SOURCES="ctgov",
        CTW_TARGET="duckdb",
        CTW_CTGOV_MIRROR=str(work / "mirror.duckdb"),
        CTW_DUCKDB_PATH=str(work / "warehouse.duckdb"),
        CTW_VOCAB_DIR=str(work / "vocab"),
    )
    (work / "dagster_home").mkdir(parents=True, exist_ok=True)
    with serve(FakeCtgov(records)) as url:
        _cli("ctgov-sync", env={**env, "CTW_CTGOV_API_URL": url})
    _cli("build", env=env)
    return work / "warehouse.duckdb"


def measure(warehouse: Path) -> Quality:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        conditions_mapped, conditions, drugs_mapped, drugs, with_terms, studies = con.execute(
            SHARES
        ).fetchone()
        groups, linked, with_results = con.execute(LINKS).fetchone()
    return Quality(
        studies=studies,
        studies_with_condition_terms=with_terms,
        conditions_mapped=conditions_mapped or 0,
        conditions=conditions or 0,
        drugs_mapped=drugs_mapped or 0,
        drugs=drugs or 0,
        groups_linked=linked,
        groups=groups,
        studies_with_results=with_results,
    )


def condition_misses(warehouse: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(CONDITION_MISSES).fetchall()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Build a warehouse from folders of real API v2 records (via the local fake "
        "API) and print the mapped shares and the result-group link rate."
    )
    parser.add_argument(
        "sources", nargs="+", type=Path, help="folders of *.json records/pages, or *.jsonl.gz files"
    )
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument(
        "--show-misses", action="store_true", help="list the condition labels left unmapped"
    )
    args = parser.parse_args(argv)
    records = read_records(args.sources)
    if not records:
        raise SystemExit(f"no API v2 records in {', '.join(map(str, args.sources))}")
    with tempfile.TemporaryDirectory() as scratch:
        work = args.out or Path(scratch)
        warehouse = build_from_records(records, work)
        for line in measure(warehouse).lines():
            print(line)
        if args.show_misses:
            for nct_id, label in condition_misses(warehouse):
                print(f"  unmapped: {nct_id} {label}")


if __name__ == "__main__":
    main()
