"""The checks that guard the live warehouse, each failing on purpose-built bad data, and what
every build records about what changed: error-level checks stop the build and consumers keep
the previous marts; warnings are shown and the build publishes."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from orchestration.warehouse.changes import BuildChanges
from orchestration.warehouse.checks import table_drops
from tests.helpers import BAD_KEY_MESSAGES, MART_CONTENTS, duckdb_query, run_cli, with_bad_keys


def edit_studies(folder: Path, nct_id: str, **values: str) -> None:
    """Set columns of one study's row in an AACT `studies.txt` (pipe-delimited CSV)."""
    path = folder / "studies.txt"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="|"))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("nct_id")] == nct_id:
            for column, value in values.items():
                row[header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="|", lineterminator="\n").writerows(rows)


def without_studies(folder: Path, target: Path, nct_ids: set[str]) -> Path:
    """A copy of AACT flat files without some studies' rows in any table (read as CSV, so a
    quoted field that spans lines stays whole)."""
    target.mkdir()
    for file in folder.glob("*.txt"):
        with file.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="|"))
        column = rows[0].index("nct_id") if "nct_id" in rows[0] else None
        kept = [rows[0]] + [r for r in rows[1:] if column is None or r[column] not in nct_ids]
        with (target / file.name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter="|", lineterminator="\n").writerows(kept)
    return target


def test_error_checks_keep_the_previous_marts_and_warnings_do_not_block(
    tmp_path, sample_dir, built_sample
):
    live, env, home, first = (
        built_sample.live, built_sample.env, built_sample.home, built_sample.result
    )  # fmt: skip
    assert first.returncode == 0, first.stderr[-2000:]
    assert "changes: studies since nothing live: 41 added, 0 updated, 0 removed" in first.stdout
    query = duckdb_query(live)
    before = query(MART_CONTENTS)
    live_id = query("select max(build_id) from raw_aact._loads")[0][0]

    def refused(folder: Path) -> str:
        result = run_cli("build", env={**env, "CTW_AACT_FLATFILES": str(folder)}, dagster_home=home)
        assert result.returncode == 1, result.stdout[-2000:]
        assert result.stderr.startswith(
            f"Build failed; the live warehouse was not changed (build {live_id})."
        ), result.stderr
        assert query(MART_CONTENTS) == before
        # the failure is the message, not Dagster's line per step it did not run
        assert "Dependencies for step" not in result.stdout + result.stderr
        return result.stderr

    # a duplicate nct_id and an outcome of a study that does not exist: both named
    message = refused(with_bad_keys(sample_dir, tmp_path / "bad_rows"))
    for expected in BAD_KEY_MESSAGES:
        assert expected in message

    # half the studies gone: an export that lost data
    gone = {nct_id for (nct_id,) in query("select nct_id from raw_aact.studies order by 1")[:21]}
    half = without_studies(sample_dir, tmp_path / "half", gone)
    assert "studies would drop 51.2% (from 41 to 20), more than CTW_MAX_STUDY_DROP=5.0%" in (
        refused(half)
    )

    # every study kept, but a child table emptied (a header-only file) or gone: the marts that
    # read it would silently lose it
    emptied = without_studies(sample_dir, tmp_path / "emptied", set())
    (emptied / "conditions.txt").write_text(
        (sample_dir / "conditions.txt").read_text(encoding="utf-8").splitlines()[0] + "\n",
        encoding="utf-8",
    )
    (emptied / "design_groups.txt").unlink()
    conditions, arms = (
        query(f"select count(*) from raw_aact.{table}")[0][0]
        for table in ("conditions", "design_groups")
    )
    assert (
        "check raw_tables_within_drop_limit failed: raw tables would lose more than "
        f"CTW_MAX_TABLE_DROP=50.0% of the live build's rows: aact/conditions {conditions:,} → 0 "
        "rows (the source's table has no rows); "
        f"aact/design_groups {arms:,} → 0 rows (not in the source)"
    ) in refused(emptied)

    # every table keeps its rows, but a column the marts read is renamed (AACT's schema moves):
    # it loads as NULL, and the marts that read it would be published empty
    renamed = without_studies(sample_dir, tmp_path / "renamed", set())
    text = (renamed / "conditions.txt").read_text(encoding="utf-8")
    assert text.startswith("id|nct_id|name|downcase_name\n")
    (renamed / "conditions.txt").write_text(
        text.replace("id|nct_id|name|", "id|nct_id|condition_name|", 1), encoding="utf-8"
    )
    message = refused(renamed)
    assert "marts would lose more than CTW_MAX_TABLE_DROP=50.0% of the live build's rows: " in (
        message
    )
    assert "dim_conditions 103 → 0 rows" in message
    assert "fct_drug_disease_associations 174 → 0 rows" in message
    assert "not published (a source column the marts read renamed or missing?" in message

    # an export older than the data the warehouse holds: never back in time. Its studies were
    # last updated before the live build's; the live build (from a folder) has no export date,
    # so both are dated by their newest update
    earlier = without_studies(sample_dir, tmp_path / "earlier", set())
    newer = [n for (n,) in query(
        "select nct_id from raw_aact.studies where last_update_posted_date > date '2022-05-31'"
    )]  # fmt: skip
    for nct_id in newer:
        edit_studies(earlier, nct_id, last_update_posted_date="2022-05-31")
    older = tmp_path / "20220601_pipe-delimited-export.zip"
    with zipfile.ZipFile(older, "w") as archive:
        for file in earlier.glob("*.txt"):
            archive.write(file, file.name)
    assert (
        "check source_not_older_than_live failed: aact data with updates to 2022-05-31 is older "
        "than the live warehouse's aact data with updates to 2023-12-14"
    ) in refused(older)

    # a status ClinicalTrials.gov does not define is a warning; one study removed, one updated
    changed = without_studies(sample_dir, tmp_path / "changed", {"NCT00000105"})
    edit_studies(
        changed, "NCT00579826", overall_status="Paused", last_update_posted_date="2024-01-05"
    )
    rebuilt = run_cli("build", env={**env, "CTW_AACT_FLATFILES": str(changed)}, dagster_home=home)
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    # the test by what it tests, and the value it found (not dbt's 300-character test name)
    assert (
        "warning: dbt test accepted_values on stg_aact__studies.overall_status_code: Got 1 "
        "result, configured to warn if != 0 (PAUSED, 1)"
    ) in rebuilt.stderr
    assert "warning: check source_is_current: aact data with updates to 2024-01-05 is" in (
        rebuilt.stderr
    )
    assert (
        f"changes: studies since build {live_id}: 0 added, 1 updated, 1 removed" in rebuilt.stdout
    )
    assert "fct_trial_drug_conditions 230 (-4)" in rebuilt.stdout
    listed = run_cli("changes", env=env, dagster_home=home)
    assert listed.returncode == 0, listed.stderr
    new_id = query("select max(build_id) from raw_aact._loads")[0][0]
    rows = [line.split("\t") for line in listed.stdout.splitlines()[1:]]
    assert [(r[0], r[2], r[3], r[4]) for r in rows if r[0] == new_id] == [
        (new_id, "removed", "NCT00000105", "2017-11-29"),
        (new_id, "updated", "NCT00579826", "2024-01-05"),
    ]
    assert len([r for r in rows if r[0] == live_id]) == 41  # the first build's history kept
    assert "43 study changes in 2 builds" in listed.stderr
    later = run_cli("changes", "--since", "2999-01-01", env=env, dagster_home=home)
    assert later.stdout.splitlines()[1:] == []
    wrong = run_cli("changes", "--since", "last week", env=env, dagster_home=home)
    assert wrong.returncode == 1
    assert "--since 'last week': expected a date, YYYY-MM-DD" in wrong.stderr


def test_table_drops_name_each_table_that_lost_more_than_its_share():
    live = {"aact/conditions": 85, "aact/outcomes": 10, "aact/studies": 41, "aact/countries": 3}
    new = {
        "aact/conditions": (0, True),
        "aact/outcomes": (6, True),
        "aact/studies": (41, True),
        "aact/countries": (0, False),
        "aact/facilities": (7, True),  # not in the live build: new, never a drop
    }
    assert table_drops(new, live, 0.5) == [
        "aact/conditions 85 → 0 rows (the source's table has no rows)",
        "aact/countries 3 → 0 rows (not in the source)",
    ]
    assert table_drops(new, live, 0.3)[1] == "aact/outcomes 10 → 6 rows"
    assert table_drops(new, live, 1.0) == []
    assert table_drops(new, {}, 0.0) == []  # nothing live yet
    # a selection narrowed on purpose: every table shrinks with its studies (80 % fewer)
    assert table_drops(new, live, 0.5, studies_dropped=0.8) == []
    assert len(table_drops(new, live, 0.1, studies_dropped=0.8)) == 2  # the emptied ones


def test_mart_row_changes_name_a_mart_the_new_build_no_longer_has():
    changes = BuildChanges(
        "b2",
        "b1",
        {"updated": 1},
        {"dim_trials": (41, 41), "fct_new": (3, None), "ctrp_trial_fields": (None, 41)},
    )
    assert changes.mart_lines() == [
        "ctrp_trial_fields removed (41 rows before)",
        "dim_trials 41 (+0)",
        "fct_new 3 (new)",
    ]
    assert changes.metadata()["rows_change/ctrp_trial_fields"] == -41
