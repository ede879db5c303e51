"""Each successful build keeps its dbt node times for the next build's time left
(orchestration/dbt/node_times.py)."""

from __future__ import annotations

import json

from orchestration.dbt.node_times import (
    TimeLeft,
    history_path,
    keep_node_seconds,
    matches,
    read_node_seconds,
)


def test_a_narrowed_run_updates_its_own_nodes_and_keeps_the_others(tmp_path):
    path = history_path(tmp_path, "duckdb")
    assert path.name == "node_seconds.duckdb.json"
    keep_node_seconds(path, {"model.p.a": 1.5, "model.p.b": 30.0})
    keep_node_seconds(path, {"model.p.b": 20.0})
    assert read_node_seconds(path) == {"model.p.a": 1.5, "model.p.b": 20.0}
    assert list(tmp_path.glob("*.partial")) == []


def test_a_missing_or_unreadable_history_is_none(tmp_path):
    assert read_node_seconds(tmp_path / "missing.json") == {}
    broken = tmp_path / "broken.json"
    broken.write_text('{"model.p.a": 1.5', encoding="utf-8")
    assert read_node_seconds(broken) == {}
    broken.write_text(json.dumps({"model.p.a": "slow", "model.p.b": -1, "model.p.c": 2}))
    assert read_node_seconds(broken) == {"model.p.c": 2.0}


def test_the_time_left_waits_for_a_twentieth_of_the_work_then_follows_the_pace():
    time_left = TimeLeft({"a": 1.0, "b": 19.0, "c": 80.0})
    time_left.node_done("a")
    assert time_left(2.0) is None  # 1 of 100 expected seconds: too little to read a pace from
    time_left.node_done("b")
    time_left.node_done("b")  # counted once
    assert time_left(10.0) == 40.0  # 80 expected seconds left at half a second each
    time_left.node_done("unknown")  # a node the last build did not have
    time_left.node_done("c")
    assert time_left(50.0) == 0.0


def test_a_history_fits_runs_of_about_as_many_nodes():
    history = {f"n{i}": 1.0 for i in range(146)}
    assert matches(history, 146) and matches(history, 140) and matches(history, 160)
    assert not matches(history, 5) and not matches({}, 0)


def test_a_build_keeps_its_node_times_beside_its_dbt_folders(sample_build):
    kept = read_node_seconds(sample_build.home / "dbt" / "node_seconds.duckdb.json")
    assert "model.ctwarehouse.fct_drug_disease_associations" in kept
    assert any(node.startswith("test.ctwarehouse.") for node in kept)
    assert len(kept) > 100 and all(seconds >= 0 for seconds in kept.values())
