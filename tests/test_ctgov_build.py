"""CT.gov as a source of a build: synced from a local fake API into the mirror with the CLI,
then flattened into raw_ctgov by `./warehouse build`, beside or instead of AACT."""

from tests.conftest import EXPECTED_DRUG_DISEASE_PAIRS
from tests.ctgov_server import FakeCtgov, load_studies, serve
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
    assert "from aact, ctgov: 37 studies" in built.stdout
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
    assert query("select count(*) from marts.fct_drug_disease_associations") == [
        (EXPECTED_DRUG_DISEASE_PAIRS,)
    ]
    sources = query("select distinct source from raw_ctgov._loads")[0][0]
    assert sources.startswith("CT.gov mirror")
