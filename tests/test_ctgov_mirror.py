"""The local mirror of CT.gov records: pages committed with their next token (resume), newest
version wins, records of the wrong format rejected by name, withdrawn studies swept."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from orchestration.ctgov.mirror import CtgovMirror, selection_key
from orchestration.ctgov.records import CtgovRecordError, study_version

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov" / "mirror"
PARAMS = {"query.cond": "spinal stenosis"}


def record(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


OLD = record("NCT02552212.v2023-12-12.json")
NEW = record("NCT02552212.v2024-01-03.json")
SPARSE = record("NCT00465816.json")
OTHER = record("NCT03064438.json")


def version_holder(mirror: CtgovMirror, key: str, nct_id: str) -> str:
    for study in mirror.iter_studies(key):
        if study["protocolSection"]["identificationModule"]["nctId"] == nct_id:
            return study["derivedSection"]["miscInfoModule"]["versionHolder"]
    raise AssertionError(nct_id)


def test_selection_keys_ignore_parameter_order():
    assert selection_key({"a": "1", "b": "2"}) == selection_key({"b": "2", "a": "1"})
    assert selection_key({"a": "1"}) != selection_key({"a": "2"})


def test_study_versions_and_wrong_records():
    assert study_version(NEW) == study_version(NEW)
    assert study_version(NEW).version_holder == date(2024, 1, 3)
    assert study_version(OLD).last_update_post_date == date(2022, 8, 18)
    assert study_version(SPARSE).nct_id == "NCT00465816"
    retired = r"record NCT00023673 at position 1\.2: a record of the retired classic"
    with pytest.raises(CtgovRecordError, match=retired):
        study_version(record("legacy_NCT00023673.json"), "1.2")
    with pytest.raises(CtgovRecordError, match="no protocolSection.identificationModule.nctId"):
        study_version({"protocolSection": {"statusModule": {}}}, "3.1")
    page = {"studies": [NEW, OTHER], "nextPageToken": "x"}
    with pytest.raises(CtgovRecordError) as wrapped:
        study_version(page, "2.4")
    assert str(wrapped.value) == (
        "record at position 2.4: a search page (keys studies, nextPageToken, holding "
        "NCT02552212, NCT03064438), not one study"
    )


def test_an_interrupted_sync_resumes_from_its_last_committed_page(tmp_path):
    key = selection_key(PARAMS)
    with CtgovMirror(tmp_path / "m.duckdb") as mirror:
        state = mirror.start_sync(key, PARAMS, "full")
        assert not state.resumed
        mirror.save_page(state, [OLD, SPARSE], next_token="token-2", total=3)
    # the process died here; a new run picks up the same sync at page 2
    with CtgovMirror(tmp_path / "m.duckdb") as mirror:
        state = mirror.start_sync(key, PARAMS, "full")
        assert (state.resumed, state.next_page_token, state.pages, state.studies) == (
            True,
            "token-2",
            1,
            2,
        )
        assert mirror.high_water_mark(key) is None  # not finished yet
        mirror.save_page(state, [OTHER], next_token=None, total=None)
        mirror.finish_sync(state, "2026-11-24T09:00:01")
        assert mirror.count(key) == 3
        assert mirror.high_water_mark(key) == date(2022, 8, 18)  # NCT02552212, the newest
        again = mirror.start_sync(key, PARAMS, "incremental", updated_since=date(2026, 1, 1))
        assert not again.resumed and again.sync_id == state.sync_id + 1


def test_the_newest_version_wins_whatever_the_order_and_reruns_change_nothing(tmp_path):
    key = selection_key(PARAMS)
    with CtgovMirror(tmp_path / "m.duckdb") as mirror:
        state = mirror.start_sync(key, PARAMS, "full")
        mirror.save_page(state, [NEW], "t", None)
        mirror.save_page(state, [OLD], "t2", None)  # an older version arrives later
        assert version_holder(mirror, key, "NCT02552212") == "2024-01-03"
        mirror.save_page(state, [NEW, NEW], None, None)  # the same page again
        assert mirror.count(key) == 1

    with CtgovMirror(tmp_path / "m2.duckdb") as mirror:
        state = mirror.start_sync(key, PARAMS, "full")
        mirror.save_page(state, [OLD], "t", None)
        mirror.save_page(state, [NEW], None, None)
        assert version_holder(mirror, key, "NCT02552212") == "2024-01-03"


def test_a_newer_record_without_a_version_holder_replaces_the_stored_one(tmp_path):
    """Newest by lastUpdatePostDate first: a newer record whose derived section is missing is
    stored; an older one whose versionHolder is newer is not."""
    key = selection_key(PARAMS)
    updated = json.loads(json.dumps(NEW))
    updated["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2026-08-10"
    updated["protocolSection"]["identificationModule"]["briefTitle"] = "Retitled"
    del updated["derivedSection"]
    stale = json.loads(json.dumps(OLD))
    stale["derivedSection"]["miscInfoModule"]["versionHolder"] = "2026-09-01"

    def title(mirror: CtgovMirror) -> str:
        (study,) = mirror.iter_studies(key)
        return study["protocolSection"]["identificationModule"]["briefTitle"]

    with CtgovMirror(tmp_path / "m.duckdb") as mirror:
        state = mirror.start_sync(key, PARAMS, "full")
        mirror.save_page(state, [NEW], "t", None)
        mirror.save_page(state, [updated], "t2", None)
        assert title(mirror) == "Retitled"
        mirror.save_page(state, [stale], None, None)
        assert title(mirror) == "Retitled"


def test_wrong_records_are_rejected_by_name_and_the_rest_of_the_page_loads(tmp_path):
    key = selection_key(PARAMS)
    with CtgovMirror(tmp_path / "m.duckdb") as mirror:
        state = mirror.start_sync(key, PARAMS, "full")
        rejected = mirror.save_page(state, [OLD, record("legacy_NCT00023673.json")], None, None)
        assert [str(r).split(":")[0] for r in rejected] == ["record NCT00023673 at position 1.2"]
        assert mirror.count(key) == 1
        # kept in the mirror's rejects table with the reason, for the sync's asset check
        kept = mirror.rejects(key)
        assert [position for position, _ in kept] == ["1.2"]
        assert "retired classic ClinicalTrials.gov API" in kept[0][1]
        excerpt = mirror.con.execute("select record from rejects").fetchone()[0]
        assert "NCT00023673" in excerpt


def test_a_sweep_removes_studies_the_registry_no_longer_lists(tmp_path):
    key = selection_key(PARAMS)
    with CtgovMirror(tmp_path / "m.duckdb") as mirror:
        state = mirror.start_sync(key, PARAMS, "full")
        mirror.save_page(state, [OLD, SPARSE, OTHER], None, None)
        other_key = selection_key({"query.cond": "other"})
        other = mirror.start_sync(other_key, {"query.cond": "other"}, "full")
        mirror.save_page(other, [SPARSE], None, None)
        assert mirror.sweep(state, {"NCT02552212", "NCT03064438"}) == 1
        kept = sorted(
            s["protocolSection"]["identificationModule"]["nctId"] for s in mirror.iter_studies(key)
        )
        assert kept == ["NCT02552212", "NCT03064438"]
        assert mirror.count(other_key) == 1  # other selections are untouched
