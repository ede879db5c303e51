"""The mirror as a build's source: flattened rows are kept beside each study, so a rebuild
flattens only the studies a sync changed; records the sync refused or that do not flatten are
named with the reason while the rest load."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from orchestration.ctgov import load
from orchestration.ctgov.flatten import TABLES, CtgovRecordError, flatten_study
from orchestration.ctgov.load import flatten_new_studies, open_mirror_source
from orchestration.ctgov.mirror import CtgovMirror, selection_key
from orchestration.defs.raw.assets import source_check_result
from orchestration.sources import SOURCES_BY_NAME
from orchestration.warehouse.raw_loads import RawLoads

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov" / "mirror"
PARAMS = {"query.cond": "spinal stenosis"}
KEY = selection_key(PARAMS)


def record(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def retitled(study: dict, title: str, last_update: str) -> dict:
    study = copy.deepcopy(study)
    study["protocolSection"]["identificationModule"]["briefTitle"] = title
    study["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = last_update
    return study


def save(mirror_path: Path, studies: list[dict]) -> None:
    with CtgovMirror(mirror_path) as mirror:
        state = mirror.start_sync(KEY, PARAMS, "full")
        mirror.save_page(state, studies, None, None)
        mirror.finish_sync(state, "2026-11-24T09:00:00")


def build_source(mirror_path: Path, workdir: Path):
    with open_mirror_source(mirror_path, PARAMS, workdir) as flat:
        studies = (workdir / "ctgov" / "studies.txt").read_text()
        return flat, studies


def test_a_rebuild_flattens_only_the_studies_a_sync_changed(tmp_path):
    mirror_path = tmp_path / "mirror.duckdb"
    save(
        mirror_path,
        [record("NCT02552212.v2024-01-03.json"), record("NCT00465816.json"),
         record("NCT03064438.json")],
    )  # fmt: skip
    first, first_studies = build_source(mirror_path, tmp_path / "first")
    assert (first.studies, first.flattened, first.rejected) == (3, 3, [])
    assert first.export_date == "2026-11-24"

    save(mirror_path, [record("NCT00465816.json")])  # fetched again, unchanged (a full sync)
    again, again_studies = build_source(mirror_path, tmp_path / "again")
    assert (again.studies, again.flattened) == (3, 0)
    assert again_studies == first_studies  # the kept rows are the rows
    for table in ("conditions", "outcomes", "result_groups", "browse_conditions"):
        first_rows = (tmp_path / "first" / "ctgov" / f"{table}.txt").read_text()
        assert (tmp_path / "again" / "ctgov" / f"{table}.txt").read_text() == first_rows

    changed = retitled(record("NCT03064438.json"), "A newer title", "2026-11-20")
    save(mirror_path, [changed])
    later, later_studies = build_source(mirror_path, tmp_path / "later")
    assert (later.studies, later.flattened) == (3, 1)
    assert "A newer title" in later_studies
    assert "A newer title" not in first_studies
    assert later_studies.count("\nNCT") == 3


def test_a_new_flattener_flattens_every_study_again(tmp_path, monkeypatch):
    mirror_path = tmp_path / "mirror.duckdb"
    save(mirror_path, [record("NCT00465816.json"), record("NCT03064438.json")])
    with CtgovMirror(mirror_path) as mirror:
        assert flatten_new_studies(mirror, KEY) == 2
        assert flatten_new_studies(mirror, KEY) == 0
        monkeypatch.setattr(load, "flattener_version", lambda: "another mapping")
        assert flatten_new_studies(mirror, KEY) == 2


def test_refused_and_unflattenable_records_are_named_and_the_rest_load(tmp_path):
    broken = copy.deepcopy(record("NCT00465816.json"))  # sparse: no status module
    broken["protocolSection"]["statusModule"] = {"startDateStruct": {"date": "2024-13"}}
    mirror_path = tmp_path / "mirror.duckdb"
    save(mirror_path, [record("NCT03064438.json"), record("legacy_NCT00023673.json"), broken])
    flat, studies = build_source(mirror_path, tmp_path / "build")
    assert (flat.studies, flat.flattened) == (1, 1)  # the record that fails is not counted
    assert "1 studies, 1 flattened now, 0 reused from the mirror, 2 set aside" in flat.summary()
    assert "NCT03064438" in studies and "NCT00465816" not in studies
    refused, unflattened = flat.rejected
    assert refused[0] == "sync record 1.2"
    assert refused[1].startswith("record NCT00023673 at position 1.2: a record of the retired")
    assert unflattened[0] == "NCT00465816"
    assert unflattened[1] == (
        "record NCT00465816: table studies: not a date (YYYY, YYYY-MM or YYYY-MM-DD): '2024-13'"
    )


def test_a_newer_record_that_cannot_be_read_leaves_the_earlier_one_loading(tmp_path):
    mirror_path = tmp_path / "mirror.duckdb"
    good = record("NCT03064438.json")
    save(mirror_path, [good, record("NCT00465816.json")])
    first, first_studies = build_source(mirror_path, tmp_path / "first")
    assert (first.studies, first.kept_earlier) == (2, [])

    newer = retitled(good, "A newer title", "2026-11-20")
    newer["protocolSection"]["statusModule"]["startDateStruct"] = {"date": "2024-13"}
    save(mirror_path, [newer])
    later, later_studies = build_source(mirror_path, tmp_path / "later")
    assert (later.studies, later.flattened, later.rejected) == (2, 0, [])
    assert later_studies == first_studies  # the earlier record's rows, not the study lost
    assert later.kept_earlier == [
        (
            "NCT03064438",
            "record NCT03064438: table studies: not a date (YYYY, YYYY-MM or YYYY-MM-DD): "
            "'2024-13'",
        )
    ]
    assert "2 studies, 0 flattened now, 2 reused from the mirror, 0 set aside, 1 at their " in (
        later.summary()
    )
    again, _ = build_source(mirror_path, tmp_path / "again")  # kept while nothing changes
    assert (again.studies, again.flattened, len(again.kept_earlier)) == (2, 0, 1)

    # the source's check warns: the newest record of a study did not flatten
    check = source_check_result(
        SOURCES_BY_NAME["ctgov"], "ctgov_records_flattened", "rejects",
        RawLoads(opened={"ctgov": again}),
    )  # fmt: skip
    assert not check.passed
    assert check.metadata["reason"].value == (
        "0 record(s) set aside (raw_ctgov._rejects), 1 study(ies) loaded at their earlier record"
    )


def test_a_bad_value_in_a_table_nothing_loads_rejects_nothing(tmp_path):
    """Only the loaded tables are built: an unparseable date of an unposted-results event
    (AACT's pending_results, which the warehouse does not load) leaves the study loading."""
    study = copy.deepcopy(record("NCT03064438.json"))
    study["annotationSection"] = {
        "annotationModule": {
            "unpostedAnnotation": {"unpostedEvents": [{"type": "RELEASE", "date": "2024-13"}]}
        }
    }
    with pytest.raises(CtgovRecordError, match="table pending_results: not a date .*'2024-13'"):
        flatten_study(study, TABLES)
    mirror_path = tmp_path / "mirror.duckdb"
    save(mirror_path, [study])
    flat, studies = build_source(mirror_path, tmp_path / "build")
    assert (flat.studies, flat.rejected) == (1, [])
    assert "NCT03064438" in studies
    assert not (tmp_path / "build" / "ctgov" / "pending_results.txt").exists()
