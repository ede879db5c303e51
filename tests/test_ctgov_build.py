"""CT.gov as a source of a build: synced from a local fake API into the mirror with the CLI,
then flattened into raw_ctgov by `./warehouse build`, beside or instead of AACT."""

import copy

from fakes.ctgov_server import FakeCtgov, load_studies, nct_id, serve
from orchestration.ctgov.mirror import CtgovMirror, selection_key
from tests.conftest import EXPECTED_DRUG_DISEASE_PAIRS
from tests.helpers import duckdb_query, run_cli


def test_a_build_loads_the_ctgov_mirror_beside_aact(tmp_path):
    fake = FakeCtgov(load_studies())  # 13 real API v2 records, two of them partial
    live = tmp_path / "warehouse.duckdb"
    home = tmp_path / "home"
    with serve(fake) as url:
        env = {
            "CTW_CTGOV_API_URL": url,
            "CTW_CTGOV_MIRROR": str(tmp_path / "mirror.duckdb"),
            "CTW_DUCKDB_PATH": str(live),
        }
        synced = run_cli("ctgov-sync", env=env, dagster_home=home)
        assert synced.returncode == 0, synced.stderr
        assert "CT.gov full sync: 13 studies in 1 pages" in synced.stdout

    built = run_cli("build", env={**env, "CTW_SOURCES": "aact,ctgov"}, dagster_home=home)
    assert built.returncode == 0, built.stderr[-3000:]
    # 41 + 13 raw rows, the 13 of them also in the sample: 41 studies, each counted once
    assert "from aact, ctgov: 41 studies" in built.stdout
    assert "loaded ctgov/studies: 13 rows" in built.stdout
    query = duckdb_query(live)
    assert query("select count(*) from raw_ctgov.studies") == [(13,)]
    assert query("select count(*) from raw_ctgov._rejects") == [(0,)]
    # flattened as AACT maps it, with the MeSH descriptor ids AACT drops
    assert query(
        "select count(*) > 0 and count(*) = count(mesh_id) from raw_ctgov.browse_conditions "
        "where mesh_type = 'mesh-list'"
    ) == [(True,)]
    assert query(
        "select phase, overall_status from raw_ctgov.studies where nct_id = 'NCT04523987'"
    ) == [("PHASE1", "RECRUITING")]
    # the marts cover both sources. The sample's 41 studies include the 13 served ones, derived
    # from the same records: the API wins them (same update date) and the marts come out the same
    from_api = query(
        "select count(*) from marts.fct_drug_disease_associations where nct_ids = 'NCT04523987'"
    )[0][0]
    assert from_api > 0
    pairs = query("select count(*) from marts.fct_drug_disease_associations")[0][0]
    assert pairs == EXPECTED_DRUG_DISEASE_PAIRS
    assert query(
        "select record_source, count(*) from intermediate.int_registry__studies group by 1 "
        "order by 1"
    ) == [("aact", 28), ("ctgov", 13)]
    sources = query("select distinct source from raw_ctgov._loads")[0][0]
    assert sources.startswith("CT.gov mirror")

    # back to AACT alone: the same 41 studies, no drop (not 54 → 41 raw rows)
    alone = run_cli("build", env={**env, "CTW_SOURCES": "aact"}, dagster_home=home)
    assert alone.returncode == 0, alone.stdout[-3000:] + alone.stderr[-3000:]
    assert "from aact: 41 studies" in alone.stdout
    # the 13 studies the API won come from AACT again, at the same record date
    assert "0 added, 0 updated, 0 removed, 13 from another registry" in alone.stdout
    changed = run_cli("changes", env=env, dagster_home=home).stdout.splitlines()[1:]
    switched = sorted(line.split("\t")[3] for line in changed if "\tsource_changed\t" in line)
    assert switched == sorted(r["protocolSection"]["identificationModule"]["nctId"]
                              for r in load_studies())  # fmt: skip
    listed = run_cli("rollback", "--list", env=env, dagster_home=home)
    live_line, kept_line = listed.stdout.splitlines()[:2]
    assert "live" in live_line and "41 studies  from AACT flat files" in live_line
    assert "CT.gov" not in live_line, live_line
    # the two-registry build: both named, its studies counted once
    assert "kept" in kept_line and "41 studies  from AACT flat files" in kept_line, kept_line
    assert " + CT.gov mirror" in kept_line, kept_line


def _as_study(template: dict, nct_id: str, last_update: str) -> dict:
    """A real API record under another study's NCT id and update date, to test which source
    wins a study both hold."""
    study = copy.deepcopy(template)
    study["protocolSection"]["identificationModule"]["nctId"] = nct_id
    status = study["protocolSection"]["statusModule"]
    status["lastUpdatePostDateStruct"] = {"date": last_update, "type": "ACTUAL"}
    return study


def test_the_newer_source_wins_a_whole_study(tmp_path):
    """NCT02576665 (AACT sample: last update 2020-02-07, Toca 511 / Toca FC) also comes from the
    API, once newer (it wins every row of the study) and NCT04267848 once older (AACT keeps it)."""
    template = next(
        s
        for s in load_studies()
        if s["protocolSection"]["identificationModule"]["nctId"] == "NCT04523987"
    )
    mirror_path = tmp_path / "mirror.duckdb"
    with CtgovMirror(mirror_path) as mirror:
        state = mirror.start_sync(selection_key({}), {}, "full")
        mirror.save_page(
            state,
            [
                _as_study(template, "NCT02576665", "2026-08-11"),
                _as_study(template, "NCT04267848", "2019-01-01"),
            ],
            None,
            2,
        )
        mirror.finish_sync(state, "2026-08-11T09:00:05")
    live = tmp_path / "warehouse.duckdb"
    env = {
        "CTW_SOURCES": "aact,ctgov",
        "CTW_CTGOV_MIRROR": str(mirror_path),
        "CTW_DUCKDB_PATH": str(live),
    }
    built = run_cli("build", env=env, dagster_home=tmp_path / "home")
    assert built.returncode == 0, built.stderr[-3000:]
    query = duckdb_query(live)
    winners = dict(
        query(
            "select nct_id, record_source from intermediate.int_study_sources "
            "where nct_id in ('NCT02576665', 'NCT04267848')"
        )
    )
    assert winners == {"NCT02576665": "ctgov", "NCT04267848": "aact"}
    conditions = {
        r[0]
        for r in query(
            "select condition_name from intermediate.int_registry__conditions "
            "where nct_id = 'NCT02576665'"
        )
    }
    assert conditions == {"Metastatic Pancreatic Ductal Adenocarcinoma"}  # never a mix
    drugs = {
        r[0]
        for r in query(
            "select distinct drug_name from marts.fct_drug_disease_associations "
            "where nct_ids like '%NCT02576665%'"
        )
    }
    assert "Toca 511" not in drugs and drugs
    pembrolizumab = query(
        "select count(*) from marts.fct_drug_disease_associations "
        "where drug_name = 'Pembrolizumab' and nct_ids like '%NCT04267848%'"
    )
    assert pembrolizumab[0][0] > 0  # AACT's newer record of NCT04267848 stays


def test_a_warehouse_without_results_builds_and_summarises(tmp_path):
    """The API alone, one study without results (NCT04523987): no outcome analyses at all, and
    the build's summary still reads the marts (it once failed on a NULL count)."""
    study = next(s for s in load_studies() if nct_id(s) == "NCT04523987")
    mirror_path = tmp_path / "mirror.duckdb"
    with CtgovMirror(mirror_path) as mirror:
        state = mirror.start_sync(selection_key({}), {}, "full")
        mirror.save_page(state, [study], None, None)
        mirror.finish_sync(state, "2026-11-24T09:00:00")
    live = tmp_path / "warehouse.duckdb"
    env = {
        "CTW_SOURCES": "ctgov",
        "CTW_CTGOV_MIRROR": str(mirror_path),
        "CTW_DUCKDB_PATH": str(live),
    }
    built = run_cli("build", env=env, dagster_home=tmp_path / "home")
    assert built.returncode == 0, built.stderr[-3000:]
    assert "outcome analyses: 0 analyses, 0 of them with a p-value bound" in built.stdout
    assert duckdb_query(live)("select count(*) from marts.dim_trials") == [(1,)]


def test_a_ctgov_build_of_an_empty_mirror_says_to_sync_first(tmp_path):
    env = {
        "CTW_SOURCES": "ctgov",
        "CTW_CTGOV_MIRROR": str(tmp_path / "mirror.duckdb"),  # never synced
        "CTW_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
    }
    home = tmp_path / "home"
    built = run_cli("build", env=env, dagster_home=home)
    assert built.returncode == 1
    failure = next(line for line in built.stderr.splitlines() if "studies_not_empty" in line)
    assert failure.endswith(
        "the studies table has no rows; the CT.gov mirror holds no finished sync of this "
        "selection (CTW_CTGOV_PARAMS): run `./warehouse ctgov-sync` first"
    ), failure
    assert "Build failed; no live warehouse was created." in built.stderr
    assert not (tmp_path / "warehouse.duckdb").exists()

    with serve(FakeCtgov([])) as url:  # a sync whose selection matches no study
        synced = run_cli("ctgov-sync", env={**env, "CTW_CTGOV_API_URL": url}, dagster_home=home)
        assert synced.returncode == 0, synced.stderr
    built = run_cli("build", env=env, dagster_home=home)
    assert built.returncode == 1
    assert (
        "the CT.gov mirror's last sync of this selection (registry data of 2026-08-11) found no "
        "studies: check CTW_CTGOV_PARAMS, then run `./warehouse ctgov-sync`" in built.stderr
    ), built.stderr
