"""The AACT inbox: which dropped export is built, and when (orchestration/aact/inbox.py), and the
sensor that turns that choice into a `build_warehouse` run request."""

import os
import shutil

import dagster as dg
import pytest

from orchestration.aact.inbox import InboxCursor, decide, list_inbox


def drop(folder, name: str, data: bytes = b"PK", mtime: int = 1_780_000_000):
    """A file as a copy leaves it: given content and modification time."""
    path = folder / name
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))
    return path


def tick(folder, cursor: InboxCursor):
    return decide(list_inbox(folder), cursor)


def settled(folder, cursor: InboxCursor | None = None):
    """Two ticks: the first sees the files, the second finds them unchanged."""
    first = tick(folder, cursor or InboxCursor())
    assert first.load is None
    return tick(folder, first.cursor)


def test_an_export_is_loaded_once_it_stops_changing_and_only_once(tmp_path):
    drop(tmp_path, "20260601_export_ctgov.zip", b"PK partial")
    first = tick(tmp_path, InboxCursor())
    assert first.load is None
    assert [e.name for e in first.settling] == ["20260601_export_ctgov.zip"]

    drop(tmp_path, "20260601_export_ctgov.zip", b"PK partial, then the rest")  # still copying
    second = tick(tmp_path, first.cursor)
    assert second.load is None and second.settling

    third = tick(tmp_path, second.cursor)  # unchanged since the last tick: complete
    assert third.load.name == "20260601_export_ctgov.zip"
    assert third.load.export_date == "2026-06-01"
    assert third.load.run_key == f"20260601_export_ctgov.zip@{1_780_000_000 * 10**9}"
    assert third.lines() == ["loading 20260601_export_ctgov.zip (export of 2026-06-01)"]

    # later ticks find nothing new, and a cursor survives its JSON round trip
    again = tick(tmp_path, InboxCursor.from_json(third.cursor.to_json()))
    assert again.load is None and again.skipped == [] and again.lines() == []

    # the same name replaced (new size and mtime) is a new export
    drop(tmp_path, "20260601_export_ctgov.zip", b"PK corrected export", mtime=1_780_000_500)
    replaced = settled(tmp_path, again.cursor)
    assert replaced.load.name == "20260601_export_ctgov.zip"
    assert replaced.load.run_key != third.load.run_key


def test_only_the_newest_of_several_exports_is_loaded_and_older_ones_are_named(tmp_path):
    for day in ("20260603", "20260601", "20260602"):
        drop(tmp_path, f"{day}_export_ctgov.zip")
    decision = settled(tmp_path)
    assert decision.load.name == "20260603_export_ctgov.zip"
    assert [e.name for e in decision.skipped] == [
        "20260601_export_ctgov.zip",
        "20260602_export_ctgov.zip",
    ]
    assert decision.lines()[1] == (
        "skipped older export(s) 20260601_export_ctgov.zip, 20260602_export_ctgov.zip: "
        "20260603_export_ctgov.zip is newer"
    )
    # an export older than the one loaded last would take the warehouse back: skipped too
    drop(tmp_path, "20260531_export_ctgov.zip", mtime=1_790_000_000)
    late = settled(tmp_path, decision.cursor)
    assert late.load is None
    assert [e.name for e in late.skipped] == ["20260531_export_ctgov.zip"]
    # the next day's export is loaded, under either of AACT's names for its flat files
    drop(tmp_path, "20260604_export_ctgov.zip")
    later = settled(tmp_path, late.cursor)
    assert later.load.name == "20260604_export_ctgov.zip"
    drop(tmp_path, "20260605_pipe-delimited-export.zip")
    newest = settled(tmp_path, later.cursor).load
    assert (newest.name, newest.export_date) == ("20260605_pipe-delimited-export.zip", "2026-06-05")


def test_partial_downloads_and_other_files_are_not_exports(tmp_path, sample_dir):
    for name in (
        "20260601_export_ctgov.zip.part",
        "20260602_export_ctgov.zip.crdownload",
        "20260603_export_ctgov.zip.tmp",
    ):
        drop(tmp_path, name)
    drop(tmp_path, ".20260604_export_ctgov.zip.Xy12ab")  # rsync's temporary name
    drop(tmp_path, "notes.txt", b"not an export")
    drop(tmp_path, "20260605_clinical_trials.zip")  # AACT's database dump, not flat files
    (tmp_path / "empty_folder").mkdir()
    decision = settled(tmp_path)
    assert decision.load is None and decision.skipped == []
    assert decision.partial == [
        "20260601_export_ctgov.zip.part",
        "20260602_export_ctgov.zip.crdownload",
        "20260603_export_ctgov.zip.tmp",
    ]
    assert decision.lines() == [
        "still arriving: 20260601_export_ctgov.zip.part, 20260602_export_ctgov.zip.crdownload, "
        "20260603_export_ctgov.zip.tmp"
    ]

    # an unzipped export: a folder holding studies.txt, dated by its name
    shutil.copytree(sample_dir, tmp_path / "20260606_export_ctgov")
    unzipped = settled(tmp_path, decision.cursor)
    assert unzipped.load.name == "20260606_export_ctgov"
    assert unzipped.load.path == tmp_path / "20260606_export_ctgov"
    assert unzipped.load.export_date == "2026-06-06"
    assert unzipped.load.size == sum(p.stat().st_size for p in sample_dir.iterdir())


def test_a_garbled_cursor_starts_afresh():
    assert InboxCursor.from_json("not json") == InboxCursor()
    assert InboxCursor.from_json(None) == InboxCursor()


@pytest.fixture
def inbox(tmp_path, monkeypatch):
    folder = tmp_path / "inbox"
    folder.mkdir()
    monkeypatch.setenv("CTW_AACT_INBOX", str(folder))
    monkeypatch.setenv("CTW_SOURCES", "aact")
    return folder


def evaluate(cursor: str | None = None):
    from orchestration.defs.aact.sensors import aact_inbox

    instance = dg.DagsterInstance.ephemeral()
    return aact_inbox(dg.build_sensor_context(instance=instance, cursor=cursor))


def test_the_sensor_requests_build_warehouse_on_the_dropped_export(inbox, monkeypatch):
    monkeypatch.setenv("CTW_AACT_ENCODING", "latin-1")
    drop(inbox, "20260601_export_ctgov.zip")
    drop(inbox, "20260602_export_ctgov.zip")
    first = evaluate()
    assert first.run_requests == []
    assert "waiting for 20260601_export_ctgov.zip, 20260602_export_ctgov.zip" in (
        first.skip_reason.skip_message
    )

    second = evaluate(first.cursor)
    (request,) = second.run_requests
    assert request.job_name is None  # the sensor's own job
    assert request.run_key == f"20260602_export_ctgov.zip@{1_780_000_000 * 10**9}"
    assert request.run_config == {
        "resources": {
            "aact": {
                "config": {
                    "kind": "flatfiles",
                    "flatfiles_path": str(inbox / "20260602_export_ctgov.zip"),
                    "encoding": "latin-1",  # the setting, kept when the run config is given
                }
            }
        }
    }
    assert request.tags == {
        "ctw/trigger": "aact_inbox",
        "ctw/aact_export": "20260602_export_ctgov.zip",
        "ctw/aact_export_date": "2026-06-02",
    }
    third = evaluate(second.cursor)
    assert third.run_requests == []
    assert third.skip_reason.skip_message == f"no new export in {inbox}"

    monkeypatch.setenv("CTW_SOURCES", "ctgov")
    assert "leaves AACT out" in evaluate().skip_message
    monkeypatch.delenv("CTW_AACT_INBOX")
    assert evaluate().skip_message == "CTW_AACT_INBOX is not set: no folder to watch"


def test_the_sensor_runs_by_default_only_when_an_inbox_is_set(monkeypatch, tmp_path):
    from orchestration.defs.aact import sensors
    from orchestration.defs.aact.sensors import aact_inbox

    assert aact_inbox.job_name == "build_warehouse"
    monkeypatch.delenv("CTW_AACT_INBOX", raising=False)
    assert sensors.inbox_status() == dg.DefaultSensorStatus.STOPPED
    assert sensors.inbox_description().startswith("CTW_AACT_INBOX is not set")
    monkeypatch.setenv("CTW_AACT_INBOX", str(tmp_path))
    assert sensors.inbox_status() == dg.DefaultSensorStatus.RUNNING
    assert sensors.inbox_description().startswith(f"Watches {tmp_path}:")
