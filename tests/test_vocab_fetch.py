"""`vocab fetch` against a real local HTTP server: MeSH, ChEMBL, EFO and gilda's MeSH mappings
land in the vocabulary
directory with their sha256 and versions, an unchanged vocabulary is not downloaded again, faults
are retried, a cut-off download never replaces a good file, ChEMBL resumes after an
interruption, and a build reads what was fetched."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from fakes.vocab_server import CHEMBL_PREFIX, FakeVocabServer, Fault, serve
from orchestration.http_retry import RetryPolicy
from orchestration.progress import format_bytes
from orchestration.vocab.chembl import INDICATIONS, MOLECULES, read_chembl
from orchestration.vocab.download import Downloader, VocabFetchError, conditional_headers
from orchestration.vocab.fetch import (
    FetchPlan,
    chembl_first_page,
    efo_version,
    fetch_vocabularies,
    fetch_vocabulary,
    mesh_candidates,
    mesh_file_name,
    mesh_version,
)
from orchestration.vocab.load import BUNDLED_MESH, VocabConfig, choose
from orchestration.vocab.manifest import FileRecord, read_manifest
from orchestration.vocab.mesh import read_mesh
from tests.helpers import duckdb_query, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "vocab"
MESH_PATH = "/mesh/desc2026.xml"
EFO_PATH = "/efo/releases/latest/download/efo.obo"
GILDA_PATH = "/gyorilab/gilda/master/gilda/resources/mesh_mappings.tsv"
TODAY = date(2026, 12, 2)  # so {year} tries 2027 (not out yet), then 2026
RETRIES = 2


def mesh_xml() -> bytes:
    """NLM's desc2015.xml cut after its second record and closed: two real, whole descriptors
    (the fixture itself is a cut-off download, see PROVENANCE.md)."""
    text = (FIXTURES / "desc2015_first2_descriptors.xml").read_bytes()
    end = text.index(b"</DescriptorRecord>", text.index(b"</DescriptorRecord>") + 1)
    return text[: end + len(b"</DescriptorRecord>")] + b"\n</DescriptorRecordSet>\n"


def fake_server() -> FakeVocabServer:
    fake = FakeVocabServer()
    fake.serve_file(MESH_PATH, mesh_xml())
    fake.serve_file(EFO_PATH, (FIXTURES / "efo_excerpt.obo").read_bytes())
    fake.serve_file(GILDA_PATH, (FIXTURES / "gilda_mesh_mappings_excerpt.tsv").read_bytes())
    indications = json.loads((FIXTURES / "chembl_drug_indications.json").read_text())
    molecules = json.loads(
        (FIXTURES / "molecule_filter_max_phase4_order_by_mw_first4.json").read_text()
    )
    fake.chembl = {"drug_indication": indications["drug_indications"], "molecule": molecules}
    return fake


def plan_for(url: str, directory: Path) -> FetchPlan:
    return FetchPlan(
        vocab_dir=directory,
        mesh_url=f"{url}/mesh/desc{{year}}.xml",
        chembl_url=f"{url}{CHEMBL_PREFIX}",
        chembl_molecule_query="max_phase__gt=0",
        efo_url=f"{url}{EFO_PATH}",
        gilda_url=f"{url}{GILDA_PATH}",
    )


def downloader() -> Downloader:
    return Downloader(RetryPolicy(RETRIES, 0.001, sleep=lambda s: None, jitter=lambda: 0.0))


def fetch(plan: FetchPlan, *vocabularies: str):
    with downloader() as dl:
        return fetch_vocabularies(
            plan, vocabularies or ("mesh", "chembl", "efo"), dl, today=lambda: TODAY
        )


@pytest.fixture
def server():
    fake = fake_server()
    with serve(fake) as url:
        yield fake, url


def test_file_names_versions_and_conditional_headers():
    template = "https://nlm.example/xmlmesh/desc{year}.xml"
    assert mesh_candidates(template, date(2026, 12, 2)) == [
        "https://nlm.example/xmlmesh/desc2027.xml",
        "https://nlm.example/xmlmesh/desc2026.xml",
        "https://nlm.example/xmlmesh/desc2025.xml",
    ]
    assert mesh_candidates("https://x/desc2024.xml", date(2026, 1, 1)) == ["https://x/desc2024.xml"]
    assert mesh_file_name("https://x/xmlmesh/desc2026.gz") == "desc2026.xml.gz"
    assert mesh_file_name("https://x/desc2026.xml.gz?a=1") == "desc2026.xml.gz"
    assert mesh_file_name("https://x/tree-numbers.tsv") == "tree-numbers.tsv"
    assert mesh_version("mesh/desc2026.xml.gz") == "2026"
    assert conditional_headers(
        FileRecord("a", "u", "s", 1, '"e1"', "Tue, 01 Dec 2026 00:00:00 GMT")
    ) == {
        "If-None-Match": '"e1"',
        "If-Modified-Since": "Tue, 01 Dec 2026 00:00:00 GMT",
    }
    assert conditional_headers(None) == {}
    assert chembl_first_page("https://e/chembl/api/data/", "molecule", "max_phase=4") == (
        "https://e/chembl/api/data/molecule.json?limit=1000&offset=0&max_phase=4"
    )


def test_efo_version_from_obo_and_owl_headers(tmp_path):
    assert efo_version(FIXTURES / "efo_excerpt.obo") == "v3.70.0"
    owl = tmp_path / "efo.owl"
    owl.write_text('<owl:Ontology><owl:versionInfo rdf:datatype="x">3.70.0</owl:versionInfo>')
    assert efo_version(owl) == "3.70.0"
    owl.write_text("<rdf:RDF></rdf:RDF>")
    assert efo_version(owl) == "unknown"


def test_an_explicit_setting_wins_then_the_fetched_file_then_the_bundled_one(tmp_path):
    explicit, fetched = tmp_path / "mine.tsv", [tmp_path / "mesh" / "desc2026.xml"]
    assert choose(explicit, fetched, BUNDLED_MESH).paths == (explicit,)
    assert choose(None, fetched, BUNDLED_MESH).why == "fetched"
    assert choose(None, None, BUNDLED_MESH).paths == (BUNDLED_MESH,)
    assert choose(None, None, None) is None


def test_fetch_all_three_then_nothing_is_downloaded_again(server, tmp_path):
    fake, url = server
    plan = plan_for(url, tmp_path / "vocab")
    results, errors = fetch(plan)
    assert errors == {}
    by_name = {r.entry.vocabulary: r for r in results}
    assert all(r.changed for r in results)

    manifest = read_manifest(plan.vocab_dir)
    mesh = manifest["mesh"]
    assert (mesh.version, mesh.files[0].name) == ("2026", "mesh/desc2026.xml")
    body = mesh_xml()
    assert (plan.vocab_dir / "mesh/desc2026.xml").read_bytes() == body
    assert mesh.files[0].sha256 == hashlib.sha256(body).hexdigest()
    assert mesh.files[0].bytes == len(body) == by_name["mesh"].transferred
    on_disk = json.loads((plan.vocab_dir / "manifest.json").read_text())
    assert on_disk["vocabularies"]["mesh"]["files"][0]["sha256"] == mesh.files[0].sha256

    chembl = manifest["chembl"]
    assert chembl.version == "ChEMBL_35"
    names = [Path(f.name).name for f in chembl.files]
    assert names == [
        "drug_indication_00000.json",
        "drug_indication_00001.json",
        "drug_indication_00002.json",
        "molecule_00000.json",
        "molecule_00001.json",
    ]  # 7 indications and 4 molecules, 3 a page
    for record in chembl.files:
        assert (
            hashlib.sha256((plan.vocab_dir / record.name).read_bytes()).hexdigest() == record.sha256
        )
    rows = list(read_chembl(plan.vocab_dir / f.name for f in chembl.files))
    assert sum(t == INDICATIONS for t, _ in rows) == 7
    assert {r["molecule_chembl_id"] for t, r in rows if t == MOLECULES} == {
        m["molecule_chembl_id"] for m in fake.chembl["molecule"]
    }
    efo = manifest["efo"]
    assert efo.version == "v3.70.0"
    assert (plan.vocab_dir / efo.files[0].name).read_bytes() == fake.files[EFO_PATH].body
    assert fake.requests_to("/mesh/desc2027.xml")[0].status == 404  # next year's: not yet
    assert "mesh: desc2026.xml" in by_name["mesh"].line()

    fake.requests.clear()
    again, errors = fetch(plan)
    assert errors == {}
    assert [(r.entry.vocabulary, r.changed, r.transferred) for r in again] == [
        ("mesh", False, 0),
        ("chembl", False, 0),
        ("efo", False, 0),
    ]
    (mesh_request,) = fake.requests_to(MESH_PATH)
    assert mesh_request.status == 304 and mesh_request.sent == 0
    assert mesh_request.headers["If-None-Match"] == mesh.files[0].etag
    assert [r.status for r in fake.requests_to(EFO_PATH)] == [304]
    chembl_requests = [r.path for r in fake.requests if r.path.startswith(CHEMBL_PREFIX)]
    assert chembl_requests == [f"{CHEMBL_PREFIX}/status.json"]  # the same release: no page
    assert sum(r.sent for r in fake.requests if r.status != 404) < 200  # status.json only
    assert read_manifest(plan.vocab_dir)["mesh"].changed_at == mesh.changed_at
    assert "unchanged since" in again[0].line()


def test_gilda_is_fetched_once_retried_on_a_5xx_and_then_read_instead_of_the_package(
    server, tmp_path
):
    fake, url = server
    plan = plan_for(url, tmp_path / "vocab")
    fake.fail(GILDA_PATH, Fault(status=503), Fault(cut_after=100))
    (result,), errors = fetch(plan, "gilda")
    assert errors == {} and result.changed
    body = fake.files[GILDA_PATH].body
    sha256 = hashlib.sha256(body).hexdigest()
    assert (result.entry.version, result.entry.files[0].sha256) == (sha256[:12], sha256)
    assert [r.status for r in fake.requests_to(GILDA_PATH)] == [503, 200, 200]
    assert (plan.vocab_dir / "gilda/mesh_mappings.tsv").read_bytes() == body
    (again,), _ = fetch(plan, "gilda")
    assert (again.changed, again.transferred) == (False, 0)
    chosen = VocabConfig(vocab_dir=str(plan.vocab_dir)).gilda()
    assert chosen.why == "fetched" and chosen.paths == (plan.vocab_dir / "gilda/mesh_mappings.tsv",)


def test_a_server_ignoring_conditional_requests_costs_a_transfer_not_a_change(server, tmp_path):
    fake, url = server
    plan = plan_for(url, tmp_path / "vocab")
    fetch(plan, "efo")
    first = read_manifest(plan.vocab_dir)["efo"]
    fake.honour_conditionals = False
    (result,), _ = fetch(plan, "efo")
    assert not result.changed and result.transferred == first.files[0].bytes
    assert read_manifest(plan.vocab_dir)["efo"].changed_at == first.changed_at


def test_5xx_and_a_dropped_connection_are_retried(server, tmp_path):
    fake, url = server
    fake.fail(MESH_PATH, Fault(status=503), Fault(drop=True))
    (result,), errors = fetch(plan_for(url, tmp_path), "mesh")
    assert errors == {} and result.changed
    assert [r.status for r in fake.requests_to(MESH_PATH)] == [503, 0, 200]
    assert (tmp_path / "mesh/desc2026.xml").read_bytes() == mesh_xml()


def test_next_years_mesh_failing_after_every_retry_moves_on_to_this_years(server, tmp_path):
    fake, url = server
    fake.fail("/mesh/desc2027.xml", *[Fault(status=503)] * (RETRIES + 1))
    (result,), errors = fetch(plan_for(url, tmp_path), "mesh")
    assert errors == {} and result.entry.version == "2026"
    assert [r.status for r in fake.requests_to("/mesh/desc2027.xml")] == [503] * (RETRIES + 1)


def test_a_cut_off_download_is_retried(server, tmp_path):
    fake, url = server
    fake.fail(MESH_PATH, Fault(cut_after=1000))
    (result,), errors = fetch(plan_for(url, tmp_path), "mesh")
    assert errors == {}
    assert [r.sent for r in fake.requests_to(MESH_PATH)] == [1000, len(mesh_xml())]
    assert (tmp_path / "mesh/desc2026.xml").read_bytes() == mesh_xml()


def test_a_cut_off_download_never_replaces_the_good_file(server, tmp_path):
    fake, url = server
    plan = plan_for(url, tmp_path / "vocab")
    fetch(plan, "mesh")
    good = read_manifest(plan.vocab_dir)["mesh"]
    fake.serve_file(MESH_PATH, mesh_xml().replace(b"Calcimycin", b"Calcimycin (2027 edit)"))
    fake.fail(MESH_PATH, *[Fault(cut_after=500)] * (RETRIES + 1))
    results, errors = fetch(plan, "mesh")
    assert results == []
    message = errors["mesh"]
    # this year's is what the manifest holds: never back to last year's on a failure
    assert message.endswith("; set CTW_MESH_URL") and "desc2025" not in message, message
    assert f"{url}{MESH_PATH} failed after {RETRIES + 1} attempts" in message
    assert "RemoteProtocolError" in message or "cut short" in message
    assert (plan.vocab_dir / "mesh/desc2026.xml").read_bytes() == mesh_xml()
    assert read_manifest(plan.vocab_dir)["mesh"] == good
    assert sorted(p.name for p in (plan.vocab_dir / "mesh").iterdir()) == ["desc2026.xml"]


def test_chembl_resumes_after_an_interruption_with_only_the_missing_pages(server, tmp_path):
    fake, url = server
    plan = plan_for(url, tmp_path / "vocab")
    second = f"{CHEMBL_PREFIX}/drug_indication.json?limit=3&offset=3"
    fake.fail(second, *[Fault(status=502)] * (RETRIES + 1))
    _, errors = fetch(plan, "chembl")
    assert second in errors["chembl"] and "HTTP 502" in errors["chembl"]
    assert "chembl" not in read_manifest(plan.vocab_dir)  # not whole: a build does not read it
    assert VocabConfig(vocab_dir=str(plan.vocab_dir)).chembl() is None
    (pages,) = [p for p in (plan.vocab_dir / "chembl").iterdir()]
    assert sorted(p.name for p in pages.iterdir()) == ["drug_indication_00000.json"]

    fake.requests.clear()
    (result,), errors = fetch(plan, "chembl")
    assert errors == {} and len(result.entry.files) == 5
    asked = [r.path.removeprefix(CHEMBL_PREFIX) for r in fake.requests]
    assert asked == [
        "/status.json",
        "/drug_indication.json?limit=3&offset=3",  # page 1 was on disk
        "/drug_indication.json?limit=3&offset=6",
        "/molecule.json?limit=1000&offset=0&max_phase__gt=0",
        "/molecule.json?limit=3&offset=3&max_phase__gt=0",
    ]
    chosen = VocabConfig(vocab_dir=str(plan.vocab_dir)).chembl()
    assert chosen.why == "fetched" and len(chosen.paths) == 5


def test_a_new_chembl_release_replaces_the_old_pages(server, tmp_path):
    fake, url = server
    plan = plan_for(url, tmp_path / "vocab")
    fetch(plan, "chembl")
    old = read_manifest(plan.vocab_dir)["chembl"].extra["folder"]
    fake.chembl_version = "ChEMBL_36"
    (result,), _ = fetch(plan, "chembl")
    assert result.changed and result.entry.version == "ChEMBL_36"
    assert not (plan.vocab_dir / old).exists()
    assert [p.name for p in (plan.vocab_dir / "chembl").iterdir()] == [
        Path(result.entry.extra["folder"]).name
    ]


def test_missing_mesh_names_every_url_tried(server, tmp_path):
    fake, url = server
    del fake.files[MESH_PATH]
    with downloader() as dl, pytest.raises(VocabFetchError) as failed:
        fetch_vocabulary(plan_for(url, tmp_path), "mesh", dl, today=lambda: TODAY)
    assert str(failed.value) == (
        f"MeSH: no descriptor file at {url}/mesh/desc2027.xml (HTTP 404) nor "
        f"{url}/mesh/desc2026.xml (HTTP 404) nor {url}/mesh/desc2025.xml (HTTP 404); "
        "set CTW_MESH_URL"
    )


def test_the_mesh_read_is_the_fetched_file(server, tmp_path):
    fake, url = server
    plan = plan_for(url, tmp_path / "vocab")
    fetch(plan, "mesh")
    chosen = VocabConfig(vocab_dir=str(plan.vocab_dir)).mesh()
    assert chosen.paths == (plan.vocab_dir / "mesh/desc2026.xml",) and chosen.why == "fetched"
    assert [r["mesh_id"] for r in read_mesh(chosen.paths[0])][:1] == ["D000001"]
    explicit = VocabConfig(mesh_file=str(BUNDLED_MESH), vocab_dir=str(plan.vocab_dir)).mesh()
    assert explicit.why == "set"


def test_the_cli_fetches_and_a_build_reads_the_fetched_files(server, tmp_path):
    """`./warehouse vocab fetch`, then `./warehouse build`: raw_vocab holds the fetched MeSH
    (not the bundled subset) and the fetched ChEMBL pages."""
    fake, url = server
    plan = plan_for(url, tmp_path / "vocab")
    env = {
        "CTW_VOCAB_DIR": str(plan.vocab_dir),
        "CTW_MESH_URL": plan.mesh_url,
        "CTW_CHEMBL_URL": plan.chembl_url,
        "CTW_EFO_URL": plan.efo_url,
        "CTW_GILDA_MESH_MAPPINGS_URL": plan.gilda_url,
        "CTW_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
    }
    fetched = run_cli("vocab", "fetch", env=env, dagster_home=tmp_path / "home")
    assert fetched.returncode == 0, fetched.stderr[-3000:]
    sha256 = hashlib.sha256(mesh_xml()).hexdigest()
    assert f"mesh: desc2026.xml {format_bytes(len(mesh_xml()))}, sha256 {sha256[:12]}…" in (
        fetched.stdout
    )
    assert "chembl: 5 pages 15.9 kB (version ChEMBL_35)" in fetched.stdout
    again = run_cli("vocab", "fetch", "--only", "mesh", env=env, dagster_home=tmp_path / "home")
    assert "unchanged since" in again.stdout and "downloaded 0 B" in again.stdout

    built = run_cli("build", env=env, dagster_home=tmp_path / "home")
    assert built.returncode == 0, built.stderr[-3000:]
    expected_mesh = len(list(read_mesh(plan.vocab_dir / "mesh/desc2026.xml")))
    assert expected_mesh != 597  # not the bundled subset's
    assert f"loaded vocab/mesh_tree_numbers: {expected_mesh} rows" in built.stdout
    query = duckdb_query(tmp_path / "warehouse.duckdb")
    assert query("select count(*) from raw_vocab.mesh_tree_numbers") == [(expected_mesh,)]
    assert query("select count(*) from raw_vocab.chembl_drug_indications") == [(7,)]
    assert query("select min(mesh_id) from raw_vocab.mesh_entry_terms") == [("D000001",)]
    assert query("select count(*), count(distinct xref_db) from raw_vocab.efo_xrefs") == [(3, 1)]
    assert query("select count(*) from raw_vocab.gilda_mesh_mappings") == [(13,)]  # fetched
    ((source,),) = query("select distinct source from raw_vocab._loads")
    assert f"MeSH {plan.vocab_dir}/mesh/desc2026.xml (fetched); ChEMBL 5 files in" in source
    assert f"gilda {plan.vocab_dir}/gilda/mesh_mappings.tsv (fetched)" in source
    assert "vocabularies: MeSH parsed in " in built.stdout

    # a second build with the same files links what the first parsed
    rebuilt = run_cli("build", env=env, dagster_home=tmp_path / "home")
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    line = next(x for x in rebuilt.stdout.splitlines() if x.strip().startswith("vocabularies: "))
    for label in ("MeSH", "ChEMBL", "EFO", "gilda"):
        assert f"{label} cached (not parsed again" in line, line
    assert f"loaded vocab/mesh_tree_numbers: {expected_mesh} rows" in rebuilt.stdout


def test_the_cli_names_the_url_that_failed(server, tmp_path):
    fake, url = server
    env = {
        "CTW_VOCAB_DIR": str(tmp_path / "vocab"),
        "CTW_EFO_URL": f"{url}/efo/missing.obo",
    }
    failed = run_cli("vocab", "fetch", "--only", "efo", env=env, dagster_home=tmp_path / "home")
    assert failed.returncode == 1
    assert f"efo: FAILED: GET {url}/efo/missing.obo: HTTP 404 (not found)" in failed.stderr
    assert "1 of 1 vocabularies not fetched (efo)" in failed.stderr
    bad = run_cli("vocab", "fetch", "--only", "umls", env=env, dagster_home=tmp_path / "home")
    assert "--only 'umls': choose from mesh, chembl, efo, gilda" in bad.stderr


def test_the_dagster_assets_run_the_same_fetch(server, tmp_path):
    import dagster as dg

    from orchestration.definitions import defs

    fake, url = server
    plan = plan_for(url, tmp_path / "vocab")
    vocab = {
        "vocab_dir": str(plan.vocab_dir),
        "mesh_url": plan.mesh_url,
        "chembl_url": plan.chembl_url,
        "efo_url": plan.efo_url,
        "gilda_url": plan.gilda_url,
    }
    job = defs().resolve_job_def("fetch_vocabularies")
    result = job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        run_config={"resources": {"vocab": {"config": vocab}}},
    )
    assert result.success
    metadata = {
        m.asset_key.path[-1]: {k: v.value for k, v in m.metadata.items()}
        for m in result.asset_materializations_for_node("vocab__mesh_file")
        + result.asset_materializations_for_node("vocab__efo_file")
    }
    mesh = metadata["mesh_file"]
    assert mesh["sha256"] == hashlib.sha256(mesh_xml()).hexdigest()
    assert (mesh["bytes"], mesh["version"], mesh["changed"]) == (len(mesh_xml()), "2026", "yes")
    assert mesh["url"] == f"{url}{MESH_PATH}"
    assert read_manifest(plan.vocab_dir).keys() == {"mesh", "chembl", "efo", "gilda"}


ERROR_PAGE = b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"


def test_a_page_that_is_not_the_vocabulary_never_replaces_a_good_file(server, tmp_path):
    """An error page served with 200, an empty body and a body cut off under its own (short)
    Content-Length are not stored: the fetch fails naming the URL and what is wrong, the good
    file and the manifest stay; next year's MeSH as an error page moves on to this year's."""
    fake, url = server
    plan = plan_for(url, tmp_path / "vocab")
    results, errors = fetch(plan, "mesh", "efo", "gilda")
    assert errors == {} and len(results) == 3
    before = {p: p.read_bytes() for p in plan.vocab_dir.rglob("*") if p.is_file()}
    manifest = read_manifest(plan.vocab_dir)

    fake.serve_file(MESH_PATH, mesh_xml()[:-40])  # cut inside the last record
    fake.serve_file(EFO_PATH, ERROR_PAGE)
    fake.serve_file(GILDA_PATH, b"")
    results, errors = fetch(plan, "mesh", "efo", "gilda")
    assert results == []
    assert errors["mesh"].startswith(f"MeSH: no descriptor file at {url}/mesh/desc2027.xml ")
    assert (
        f"{url}/mesh/desc2026.xml: cut off: it does not end with </DescriptorRecordSet> "
        f"({len(mesh_xml()) - 40:,} bytes; the file on disk is kept)" in errors["mesh"]
    )
    assert errors["efo"] == (
        f"GET {url}{EFO_PATH}: an HTML page, not the vocabulary ({len(ERROR_PAGE)} bytes; the "
        "file on disk is kept)"
    )
    assert errors["gilda"] == f"GET {url}{GILDA_PATH}: empty (0 bytes; the file on disk is kept)"
    assert {p: p.read_bytes() for p in plan.vocab_dir.rglob("*") if p.is_file()} == before
    assert read_manifest(plan.vocab_dir) == manifest

    # a soft 404 for next year's descriptors: this year's file is fetched
    fake.serve_file(MESH_PATH, mesh_xml())
    fake.serve_file("/mesh/desc2027.xml", ERROR_PAGE)
    (result,), errors = fetch(plan, "mesh")
    assert errors == {} and result.entry.version == "2026"
    assert not (plan.vocab_dir / "mesh/desc2027.xml").exists()

    # ChEMBL's status that is not JSON: one line naming the URL, and the next vocabulary runs
    fake.serve_file(GILDA_PATH, (FIXTURES / "gilda_mesh_mappings_excerpt.tsv").read_bytes())
    fake.serve_file(f"{CHEMBL_PREFIX}/status.json", ERROR_PAGE)
    results, errors = fetch(plan, "chembl", "gilda")
    assert errors["chembl"].startswith(
        f"GET {url}{CHEMBL_PREFIX}/status.json: not ChEMBL's status (not JSON: Expecting value"
    )
    assert [r.entry.vocabulary for r in results] == ["gilda"]


def test_the_file_checks_pass_the_real_files_and_name_each_fault(tmp_path):
    """The checks accept the real files (gilda's packaged mappings, EFO as OBO and OWL, NLM's
    XML, plain and gzipped) and say what is wrong with the rest."""
    import gzip

    import gilda

    from orchestration.vocab.file_checks import vocabulary_file_problem

    packaged = Path(gilda.__file__).parent / "resources" / "mesh_mappings.tsv"
    assert vocabulary_file_problem(packaged, "gilda") is None
    assert vocabulary_file_problem(FIXTURES / "efo_terms.obo", "efo") is None
    assert vocabulary_file_problem(FIXTURES / "efo_terms.owl", "efo") is None
    xml = tmp_path / "desc2026.xml"
    xml.write_bytes(mesh_xml())
    assert vocabulary_file_problem(xml, "mesh") is None
    zipped = tmp_path / "desc2026.xml.gz"
    zipped.write_bytes(gzip.compress(mesh_xml()))
    assert vocabulary_file_problem(zipped, "mesh") is None
    assert vocabulary_file_problem(BUNDLED_MESH, "mesh") is None

    zipped.write_bytes(gzip.compress(mesh_xml())[:-20])
    assert vocabulary_file_problem(zipped, "mesh").startswith("not a whole gzip file")
    owl = tmp_path / "efo.owl"
    owl.write_bytes((FIXTURES / "efo_terms.owl").read_bytes()[:-200])
    assert vocabulary_file_problem(owl, "efo") == "cut off: it does not end with </rdf:RDF>"
    cut = tmp_path / "mesh_mappings.tsv"
    cut.write_bytes(packaged.read_bytes()[:1000])
    assert vocabulary_file_problem(cut, "gilda") == "cut off: its last line does not end"
    obo = tmp_path / "efo.obo"
    obo.write_bytes(b"[Term]\nid: EFO:1\n")
    assert vocabulary_file_problem(obo, "efo") == (
        "line 1 is '[Term]'; expected an OBO header (format-version: …)"
    )
    xml.write_bytes(b'<?xml version="1.0"?>\n<PharmacologicalActionSet/>\n')
    assert vocabulary_file_problem(xml, "mesh") == (
        "root element <PharmacologicalActionSet>; expected <DescriptorRecordSet>"
    )


def test_a_fetched_file_edited_after_the_manifest_is_hashed_again(tmp_path):
    """The parse cache's key takes the manifest's sha256 of a fetched file only while the file
    is as fetched: the same size and not written since the manifest was."""
    import os

    from orchestration.vocab.parse_cache import file_sha256

    path = tmp_path / "efo.obo"
    path.write_bytes(b"format-version: 1.2\n")
    real = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest_written = path.stat().st_mtime + 10
    known = {path: ("recorded-sha", path.stat().st_size, manifest_written)}
    assert file_sha256(path, known) == "recorded-sha"
    path.write_bytes(b"format-version: 1.4\n")  # same size, edited after the manifest
    os.utime(path, (manifest_written + 5, manifest_written + 5))
    assert file_sha256(path, known) == hashlib.sha256(path.read_bytes()).hexdigest() != real
