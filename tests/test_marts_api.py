"""The marts for data scientists: `read_mart` (polars) on DuckDB and PostgreSQL, and
`./warehouse export` (Parquet or CSV files with a manifest), against the built sample."""

from __future__ import annotations

import hashlib
import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from orchestration.marts import MartError, live_marts, mart_names, read_mart
from tests.conftest import EXPECTED_DRUG_DISEASE_PAIRS
from tests.helpers import run_cli

SAMPLE_MARTS = {
    "dim_conditions",
    "dim_countries",
    "dim_drugs",
    "dim_trials",
    "fct_adverse_events_by_arm",
    "fct_drug_adverse_events",
    "fct_drug_disease_associations",
    "fct_drug_indications",
    "fct_drug_mesh_conditions",
    "fct_drug_outcome_results",
    "fct_outcome_analyses",
    "fct_outcome_measurements",
    "fct_outcome_summaries",
    "fct_trial_drug_conditions",
}


def _use(monkeypatch, env: dict[str, str]) -> None:
    """The CTW_* settings of a built warehouse, as a notebook's environment would hold them."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def _live_build_id(query) -> str:
    return query("select distinct build_id from raw_aact._loads")[0][0]


def test_read_mart_on_duckdb_is_the_mart_with_its_types(sample_build, monkeypatch):
    _use(monkeypatch, sample_build.env)
    assert set(mart_names()) == SAMPLE_MARTS

    trials = read_mart("dim_trials")
    assert isinstance(trials, pl.DataFrame) and trials.height == 41
    assert trials["nct_id"].to_list() == sorted(trials["nct_id"].to_list())  # by its key
    assert trials.schema["enrollment"] == pl.Int64
    assert trials.schema["start_date"] == pl.Date
    assert trials.schema["has_results"] == pl.Boolean
    assert trials.schema["phase_rank"] == pl.Decimal(3, 1)
    relay = trials.row(by_predicate=pl.col("nct_id") == "NCT02411448", named=True)
    assert relay["enrollment"] == 545 and relay["has_results"] is True
    assert str(relay["start_date"]) == "2015-05-06" and relay["record_source"] == "aact"

    pairs = read_mart("fct_drug_disease_associations")
    assert pairs.height == EXPECTED_DRUG_DISEASE_PAIRS
    top = pairs.sort(
        ["trial_count", "drug_name", "condition_name"], descending=[True, False, False]
    )
    assert top.row(0, named=True)["drug_name"] == "Pembrolizumab"
    assert top.row(0, named=True)["trial_count"] == 2


def test_read_mart_names_the_marts_when_one_is_unknown(sample_build, monkeypatch, tmp_path):
    _use(monkeypatch, sample_build.env)
    with pytest.raises(MartError) as unknown:
        read_mart("dim_trial")
    assert f"{sample_build.live}: no mart 'dim_trial' in the live warehouse; marts: " in str(
        unknown.value
    )
    assert "dim_trials" in str(unknown.value)
    monkeypatch.setenv("CTW_DUCKDB_PATH", str(tmp_path / "none.duckdb"))
    with pytest.raises(MartError, match="none.duckdb yet: run `./warehouse build` first"):
        read_mart("dim_trials")


def test_export_parquet_writes_every_mart_and_a_manifest_that_checks_out(
    sample_build, tmp_path, monkeypatch
):
    out = tmp_path / "export"
    result = run_cli("export", str(out), env=sample_build.env, dagster_home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    build_id = _live_build_id(sample_build.query)
    assert f"Exported 14 marts (2,129 rows) of build {build_id} (aact data of " in result.stdout

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["build_id"] == build_id and manifest["format"] == "parquet"
    assert manifest["sources"]["aact"]["data_date"] == "2023-12-14"  # the newest update
    assert "ctgov" not in manifest["sources"]  # not a source of this build
    assert {m["name"] for m in manifest["marts"]} == SAMPLE_MARTS
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{name}.parquet" for name in SAMPLE_MARTS] + ["manifest.json"]
    )
    for mart in manifest["marts"]:
        path = out / mart["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == mart["sha256"]
        assert path.stat().st_size == mart["bytes"]
        (rows,) = sample_build.query(f"select count(*) from marts.{mart['name']}")[0]
        assert pl.read_parquet(path).height == mart["rows"] == rows

    _use(monkeypatch, sample_build.env)
    assert_frame_equal(pl.read_parquet(out / "dim_trials.parquet"), read_mart("dim_trials"))


def test_export_csv_replaces_a_previous_export_and_refuses_other_folders(sample_build, tmp_path):
    out, home = tmp_path / "export", tmp_path / "home"
    assert run_cli("export", str(out), env=sample_build.env, dagster_home=home).returncode == 0
    again = run_cli("export", "--format", "csv", str(out), env=sample_build.env, dagster_home=home)
    assert again.returncode == 0, again.stderr
    assert not list(out.glob("*.parquet"))  # the previous export's files are gone
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == "csv"
    trials = pl.read_csv(out / "dim_trials.csv", try_parse_dates=True)
    assert trials.height == 41 and trials["nct_id"][0] == "NCT00000105"

    (tmp_path / "notes.txt").write_text("mine")
    refused = run_cli("export", str(tmp_path), env=sample_build.env, dagster_home=home)
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        f"warehouse: {tmp_path}: not empty and holds no export (manifest.json)"
    )
    assert (tmp_path / "notes.txt").read_text() == "mine"
    wrong = run_cli("export", "--format", "xlsx", str(out), env=sample_build.env, dagster_home=home)
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("warehouse: --format 'xlsx': choose one of parquet, csv")


def test_a_failed_export_leaves_the_previous_one_whole_and_the_retry_works(
    sample_build, tmp_path, monkeypatch
):
    """The export is written beside the target and swapped in whole: a failure halfway (a full
    disk here) leaves the previous export byte for byte and no half folder in the way."""
    from orchestration.marts.export import export_marts

    _use(monkeypatch, sample_build.env)
    out = tmp_path / "export"
    export_marts(out, "csv")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def disk_full(exported) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        export_marts(out, "parquet", on_mart=disk_full)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["export"]
    manifest = export_marts(out, "parquet")
    assert manifest.format == "parquet" and not list(out.glob("*.csv"))
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["manifest.json", *(f"{m.name}.parquet" for m in manifest.marts)]
    )
    assert [p.name for p in tmp_path.iterdir()] == ["export"]


@pytest.mark.postgres
def test_read_mart_on_postgres_equals_duckdb_mart_for_mart(
    sample_build, pg_sample_build, monkeypatch
):
    """Every mart, read through the reader login with COPY, has DuckDB's rows, order and types
    (doubles to polars' default tolerance: engines add them in different orders)."""
    _use(monkeypatch, sample_build.env)
    on_duckdb = {name: read_mart(name) for name in mart_names()}
    for name in list(sample_build.env):
        monkeypatch.delenv(name)
    _use(monkeypatch, pg_sample_build.env)
    assert set(mart_names()) == set(on_duckdb) == SAMPLE_MARTS
    with live_marts() as marts:
        for name, expected in on_duckdb.items():
            try:
                assert_frame_equal(marts.read(name), expected)  # doubles: to 1e-5 relative
            except AssertionError as exc:
                raise AssertionError(f"marts.{name}: {exc}") from None


@pytest.mark.postgres
def test_export_on_postgres_names_the_live_build(pg_sample_build, tmp_path):
    out = tmp_path / "export"
    result = run_cli(
        "export", "--format", "csv", str(out), env=pg_sample_build.env, dagster_home=tmp_path / "h"
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["build_id"] == _live_build_id(pg_sample_build.query)
    assert manifest["warehouse"] == f"postgres: {pg_sample_build.dbname}"
    rows = {m["name"]: m["rows"] for m in manifest["marts"]}
    assert rows["dim_trials"] == 41
    assert rows["fct_drug_disease_associations"] == EXPECTED_DRUG_DISEASE_PAIRS
    assert pl.read_csv(out / "fct_drug_disease_associations.csv").height == (
        EXPECTED_DRUG_DISEASE_PAIRS
    )
