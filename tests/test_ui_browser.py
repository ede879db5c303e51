"""The Dagster UI as a person uses it: `./warehouse ui` in headless Chromium (Debian's package,
driven by Playwright) shows every asset group, an asset's checks and every schedule and sensor of
the code location, and a materialization launched with the UI's button succeeds.

Names come from the loaded Definitions, so groups, checks and schedules added later are checked
too. The UI runs on a free port with its own DAGSTER_HOME and data files, never the developer's.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from fakes.ctgov_server import SERVED_STUDIES, FakeCtgov, load_studies, serve
from orchestration.settings import REPO_ROOT
from tests.dagster_web import (
    free_port,
    graphql,
    group_processes,
    processes_using,
    start_warehouse,
    wait_until_loaded,
)
from tests.helpers import cli_env, run_cli

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_CHROMIUM = REPO_ROOT / ".ci" / "install-chromium"
MIRROR = dg.AssetKey(["ctgov", "mirror"])  # materialized from the UI: a sync from a local API
CHECKED_ASSETS = (MIRROR, dg.AssetKey(["marts", "fct_drug_disease_associations"]))
# Set it to a folder (e.g. docs) to keep the asset graph's screenshot there.
SCREENSHOT_DIR_ENV = "CTW_TEST_SCREENSHOT_DIR"
SCREENSHOT_NAME = "dagster-ui-asset-graph.png"
UI_START_SECONDS = 300  # dagster dev imports the code location twice; the machine is shared
RUN_SECONDS = 300
RUNS_QUERY = """{ runsOrError { ... on Runs { results {
  runId status assetSelection { path } } } } }"""
REEXECUTE = """mutation($parent: String!) { launchPipelineReexecution(
  reexecutionParams: {parentRunId: $parent, strategy: ALL_STEPS}) {
  __typename ... on LaunchRunSuccess { run { runId parentRunId } }
  ... on PythonError { message } ... on Error { message } } }"""


def chromium() -> Path:
    """Debian's Chromium, installed now when missing and we may (root); else skip, naming it."""
    if not CHROMIUM.exists():
        done = subprocess.run([INSTALL_CHROMIUM], capture_output=True, text=True, timeout=1200)
        if not CHROMIUM.exists():
            said = done.stderr.strip().splitlines()
            pytest.skip(
                f"needs Debian's package chromium ({CHROMIUM}): "
                + (said[-1] if said else f"{INSTALL_CHROMIUM.name} exited {done.returncode}")
            )
    return CHROMIUM


def stop_group(process: subprocess.Popen) -> None:
    """SIGTERM to `dagster dev` and everything it started (webserver, daemon, code servers, run
    workers), SIGKILL to whatever is left after a grace period."""
    for sig, grace in ((signal.SIGTERM, 20), (signal.SIGKILL, 20)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while group_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not group_processes(process.pid):
            break
    process.wait(timeout=30)


@dataclass(frozen=True)
class Expected:
    """What the UI must show, from the Definitions the code location loads."""

    groups: list[str]
    checks: dict[dg.AssetKey, list[str]]
    automations: list[str]


def expected_from_definitions() -> Expected:
    from orchestration.definitions import defs

    definitions = defs()
    graph = definitions.resolve_asset_graph()
    repository = definitions.get_repository_def()
    return Expected(
        groups=sorted({graph.get(key).group_name for key in graph.get_all_asset_keys()}),
        checks={
            asset: sorted(c.name for c in graph.asset_check_keys if c.asset_key == asset)
            for asset in CHECKED_ASSETS
        },
        automations=sorted(
            [s.name for s in repository.schedule_defs] + [s.name for s in repository.sensor_defs]
        ),
    )


@pytest.fixture
def fake_api():
    fake = FakeCtgov(load_studies())
    with serve(fake) as url:
        yield fake, url


def ui_settings(data: Path, api_url: str) -> dict[str, str]:
    """The UI's warehouse and mirror in `data`, its API the local fake."""
    return {
        "CTW_DUCKDB_PATH": str(data / "warehouse.duckdb"),
        "CTW_CTGOV_MIRROR": str(data / "ctgov_mirror.duckdb"),
        "CTW_CTGOV_API_URL": api_url,
    }


@pytest.fixture
def ui(tmp_path, fake_api, monkeypatch):
    """`./warehouse ui` on a free port with a temporary DAGSTER_HOME, warehouse and mirror;
    yields its URL, the expected names, the data folder and Chromium. Stops everything it
    started."""
    browser_path = chromium()
    data = tmp_path / "data"
    settings = ui_settings(data, fake_api[1])
    port, log, home = free_port(), tmp_path / "dagster-dev.log", tmp_path / "dagster_home"
    # dagster dev stops its children with SIGINT: they must not inherit an ignored SIGINT (as a
    # background job of a non-interactive shell would hand it down).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    process = start_warehouse("ui", port, cli_env(settings, home), log)
    signal.signal(signal.SIGINT, previous)
    try:
        for name, value in settings.items():  # the same Definitions as the UI's
            monkeypatch.setenv(name, value)
        expected = expected_from_definitions()  # while dagster dev starts
        base = f"http://127.0.0.1:{port}"
        wait_until_loaded(base, process, log, UI_START_SECONDS, "./warehouse ui")
        yield base, expected, data, browser_path
    finally:
        stop_group(process)
        left = set(group_processes(process.pid)) | set(processes_using(home))
        assert not left, f"dagster processes left running: {sorted(left)}"


def shown(page: Page, name: str):
    """An element naming `name`: its text, or its title where the UI shortens long names."""
    return page.get_by_title(name, exact=True).or_(page.get_by_text(name, exact=True)).first


def asset_url(base: str, key: dg.AssetKey) -> str:
    return f"{base}/assets/{'/'.join(key.path)}"


def test_the_ui_shows_groups_checks_schedules_and_runs_a_materialization(ui, fake_api, tmp_path):
    base, expected, data, browser_path = ui
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(browser_path), headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 720}, device_scale_factor=2)
        page.set_default_timeout(60_000)
        try:
            # the asset graph: one node per group of the Definitions
            page.goto(f"{base}/asset-groups")
            page.get_by_role("button", name="Hide navigation").click()  # a wider graph
            page.reload()
            graph_nodes = page.locator("svg foreignObject.group")
            for group in expected.groups:
                expect(graph_nodes.get_by_text(group, exact=True).first).to_be_visible()

            # an asset's checks
            for asset, checks in expected.checks.items():
                assert checks, f"{asset.to_user_string()} has no checks in the Definitions"
                page.goto(f"{asset_url(base, asset)}?view=checks")
                for check in checks:
                    expect(shown(page, check)).to_be_visible()

            # schedules and sensors
            page.goto(f"{base}/automation")
            assert expected.automations, "the Definitions have no schedule or sensor"
            for name in expected.automations:
                expect(shown(page, name)).to_be_visible()

            # a materialization launched with the UI's button: a sync from the local API
            page.goto(asset_url(base, MIRROR))
            before = {run["runId"] for run in runs(base)}
            page.locator("button", has_text=re.compile(r"^Materialize$")).click()
            run_id = wait_for_run(base, MIRROR, before)
            page.goto(f"{base}/runs/{run_id}")
            expect(page.get_by_text("Success", exact=True).first).to_be_visible(
                timeout=RUN_SECONDS * 1000
            )
            assert run_status(base, run_id) == "SUCCESS"

            page.goto(f"{base}/asset-groups")
            for group in expected.groups:
                expect(graph_nodes.get_by_text(group, exact=True).first).to_be_visible()
            screenshot = tmp_path / SCREENSHOT_NAME
            page.screenshot(path=screenshot)
        except Exception:
            page.screenshot(path=tmp_path / "failure.png")
            raise
        finally:
            browser.close()
    if os.environ.get(SCREENSHOT_DIR_ENV):
        shutil.copy(screenshot, Path(os.environ[SCREENSHOT_DIR_ENV]) / SCREENSHOT_NAME)

    fake, _ = fake_api
    assert fake.study_requests(), "the run never called the API"
    with duckdb.connect(str(data / "ctgov_mirror.duckdb"), read_only=True) as mirror:
        assert mirror.sql("select count(distinct nct_id) from studies").fetchall() == [
            (len(SERVED_STUDIES),)
        ]


def runs(base: str) -> list[dict]:
    return graphql(base, RUNS_QUERY)["runsOrError"]["results"]


def wait_for_run(base: str, asset: dg.AssetKey, before: set[str]) -> str:
    """The id of the run the button launched: a new run that materializes `asset`."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for run in runs(base):
            selected = [key["path"] for key in run["assetSelection"] or []]
            if run["runId"] not in before and asset.path in selected:
                return run["runId"]
        time.sleep(0.5)
    pytest.fail(f"no run of {asset.to_user_string()} was launched within 60 s of the click")


def run_status(base: str, run_id: str) -> str:
    return next(run["status"] for run in runs(base) if run["runId"] == run_id)


def test_the_ui_re_executes_a_cli_build(ui, fake_api, tmp_path, monkeypatch):
    """A build the CLI ran is a run the UI can re-execute (its `Re-execute` button): the new run
    builds and publishes again."""
    base, _, data, _ = ui
    settings = ui_settings(data, fake_api[1])
    built = run_cli("build", env=settings, dagster_home=tmp_path / "dagster_home")
    assert built.returncode == 0, built.stderr[-3000:]
    (parent,) = [run["runId"] for run in runs(base)]

    launched = graphql(base, REEXECUTE, {"parent": parent})["launchPipelineReexecution"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    child = launched["run"]["runId"]
    assert launched["run"]["parentRunId"] == parent
    deadline = time.monotonic() + RUN_SECONDS
    while run_status(base, child) not in ("SUCCESS", "FAILURE", "CANCELED"):
        assert time.monotonic() < deadline, f"the re-executed run {child} did not end"
        time.sleep(1)
    assert run_status(base, child) == "SUCCESS"
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))  # names the history's files
    instance = dg.DagsterInstance.from_config(str(tmp_path / "dagster_home"))
    published = instance.get_latest_materialization_event(dg.AssetKey(["warehouse", "live"]))
    assert published.run_id == child  # the re-execution built and published a warehouse
