"""A build starts from the last parse under its own settings: builds of other warehouses (the
tests, a benchmark) never replace it, so a user's next build parses only what changed."""

from orchestration.dbt import project
from orchestration.dbt.project import PARTIAL_PARSE, keep_partial_parse, seed_partial_parse


def _built(folder, content: bytes):
    folder.mkdir(parents=True)
    (folder / PARTIAL_PARSE).write_bytes(content)
    return folder


def test_each_profile_keeps_its_own_parse(tmp_path, monkeypatch):
    monkeypatch.setattr(project, "TARGET_DIR", tmp_path / "target")
    mine = {"CTW_DBT_DUCKDB_PATH": "/home/me/data.builds/building/warehouse.duckdb"}
    other = {"CTW_DBT_DUCKDB_PATH": "/tmp/pytest/x.builds/building/warehouse.duckdb"}
    keep_partial_parse(_built(tmp_path / "mine", b"my parse"), mine)
    keep_partial_parse(_built(tmp_path / "other", b"another warehouse's parse"), other)

    seed_partial_parse(tmp_path / "next", mine)
    assert (tmp_path / "next" / PARTIAL_PARSE).read_bytes() == b"my parse"
    seed_partial_parse(tmp_path / "new", {"CTW_DBT_DUCKDB_PATH": "/elsewhere/w.duckdb"})
    assert not (tmp_path / "new" / PARTIAL_PARSE).exists()  # a full parse, as dbt would do


def test_old_parses_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(project, "TARGET_DIR", tmp_path / "target")
    for n in range(project.PARTIAL_PARSES_KEPT + 3):
        keep_partial_parse(_built(tmp_path / f"b{n}", b"x"), {"CTW_DBT_DUCKDB_PATH": str(n)})
    kept = list((tmp_path / "target" / "partial_parses").glob("*.msgpack"))
    assert len(kept) == project.PARTIAL_PARSES_KEPT
