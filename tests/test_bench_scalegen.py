"""The scale benchmark's generator, through its command line (run as a script, as documented):
AACT's 17 flat files in DDL column order, the same bytes for the same N and seed, reused when
already there."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

from bench.floor import measure_floor
from bench.scalegen import MARKER, TABLES, generate
from bench.scalegen.layout import ddl_columns
from orchestration.settings import REPO_ROOT


def _gen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "bench/scale.py", "gen", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )


def test_generated_files_have_aacts_columns_the_same_bytes_and_are_reused(tmp_path):
    out = tmp_path / "300-s1"
    first = _gen("--studies", "300", "--out", str(out))
    assert first.stdout.startswith(f"300 studies (seed 1) in {out}: generated in ")
    meta = json.loads((out / MARKER).read_text())
    assert list(meta["tables"]) == list(TABLES)
    columns = ddl_columns()
    for table in TABLES:
        with open(out / f"{table}.txt", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="|"))
        assert rows[0] == [name for name, _ in columns[table]], table
        assert len(rows) - 1 == meta["tables"][table]["rows"], table
    assert meta["tables"]["studies"]["rows"] == 300
    again = _gen("--studies", "300", "--out", str(out))
    assert again.stdout.startswith(f"300 studies (seed 1) in {out}: reused")

    # the same N and seed give the same bytes, another seed others
    assert generate(300, tmp_path / "same", seed=1)["cached"] is False
    generate(300, tmp_path / "other", seed=2)
    for table in TABLES:
        ours = (out / f"{table}.txt").read_bytes()
        assert ours == (tmp_path / "same" / f"{table}.txt").read_bytes(), table
    studies = (out / "studies.txt").read_bytes()
    assert studies != (tmp_path / "other" / "studies.txt").read_bytes()


def test_the_floor_loads_every_generated_table_with_all_its_rows(tmp_path):
    """The floor loads the files two at a time, as the build does: each table once, every
    row, and its own time per table; its scratch database is removed."""
    out = tmp_path / "200-s3"
    meta = generate(200, out, seed=3)
    floor = measure_floor(out, tmp_path)
    assert set(floor.table_seconds) == set(TABLES)
    assert floor.rows == sum(meta["tables"][t]["rows"] for t in TABLES)
    assert all(seconds > 0 for seconds in floor.table_seconds.values())
    assert floor.seconds >= max(floor.table_seconds.values())
    assert not (tmp_path / "floor.duckdb").exists()
