"""dbt's once-per-process work is done beside the raw load (orchestration/dbt/warmup.py): it
reads a real partial parse, picks the newest one, and a bad one never stops a build."""

from __future__ import annotations

import os

import pytest

from orchestration.dbt import project, warmup


def test_warm_reads_the_newest_partial_parse_a_build_kept(sample_build):
    """The sample build kept its parse: the warm-up reads the project's nodes from it."""
    newest = warmup.newest_partial_parse()
    assert newest is not None and newest.suffix == ".msgpack"
    nodes = warmup.warm("duckdb", newest)
    assert nodes > 100  # 77 models and their tests at least
    assert warmup.warm("duckdb", None) == 0  # no parse kept yet: the schemas and imports only


def test_the_newest_parse_is_the_one_written_last(tmp_path):
    older, newer = tmp_path / "a.msgpack", tmp_path / "b.msgpack"
    newer.write_bytes(b"new")
    older.write_bytes(b"old")
    os.utime(newer, (2_000_000_000, 2_000_000_000))
    os.utime(older, (1_000_000_000, 1_000_000_000))
    (tmp_path / "c.msgpack.123.partial").write_bytes(b"half written")
    assert warmup.newest_partial_parse(tmp_path) == newer
    assert warmup.newest_partial_parse(tmp_path / "missing") is None


def test_a_bad_parse_leaves_the_warm_up_quiet_and_dbt_to_do_the_work(tmp_path, monkeypatch):
    bad = tmp_path / "partial_parses" / "x.msgpack"
    bad.parent.mkdir()
    bad.write_bytes(b"\xc1 not msgpack")
    with pytest.raises(Exception):  # noqa: B017 - whatever msgpack raises for it
        warmup.warm("duckdb", bad)
    monkeypatch.setattr(project, "TARGET_DIR", tmp_path)
    assert warmup.newest_partial_parse() == bad
    warmup._warm_quietly("duckdb")  # raises nothing
    monkeypatch.setattr(warmup, "_thread", None)
    warmup.start("duckdb")
    warmup.wait()
    assert warmup._thread is not None and not warmup._thread.is_alive()
