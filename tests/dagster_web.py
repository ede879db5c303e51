"""Test helpers for a Dagster webserver the test started (`./warehouse ui`, `./warehouse serve`):
a free port, its GraphQL API, waiting for the code location, and finding every process it left.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

WORKSPACE_QUERY = """{ workspaceOrError { __typename ... on Workspace { locationEntries {
  name loadStatus locationOrLoadError { __typename ... on PythonError { message }
  ... on RepositoryLocation { repositories { name jobs { name } } } } } } } }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_warehouse(command: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """`./warehouse <command> --host 127.0.0.1 --port <port>` (ui or serve) with its output in
    `log`, in a process group of its own, so that it is found and stopped as one."""
    from orchestration.settings import REPO_ROOT

    with log.open("w") as out:
        return subprocess.Popen(
            [str(REPO_ROOT / "warehouse"), command, "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def group_processes(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def processes_using(path: Path) -> list[int]:
    """Live processes whose environment names `path` (the test's DAGSTER_HOME): any that left
    the process group would still be found."""
    needle = str(path).encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if needle in environ.read_bytes() and not _is_zombie(environ.parent):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def _is_zombie(proc: Path) -> bool:
    try:
        return (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


class GraphQLError(RuntimeError):
    """The API answered with errors (a wrong query, or a server error)."""


def graphql(base: str, query: str, variables: dict | None = None) -> dict:
    response = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables or {}}, timeout=60
    )
    response.raise_for_status()
    body = response.json()
    if body.get("errors"):
        raise GraphQLError(f"{query.split()[0]}…: {body['errors']}")
    return body["data"]


def wait_until_loaded(
    base: str, process: subprocess.Popen, log: Path, seconds: float, what: str
) -> list[dict]:
    """Until the webserver answers and its code location has loaded (or failed to: then fail);
    returns the workspace's location entries."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{log.read_text()[-5000:]}")
        try:
            entries = graphql(base, WORKSPACE_QUERY)["workspaceOrError"]["locationEntries"]
        except (httpx.HTTPError, GraphQLError, KeyError, TypeError):
            entries = []
        for entry in entries:
            loaded = entry["locationOrLoadError"] or {}
            if loaded.get("__typename") == "PythonError":
                pytest.fail(f"code location {entry['name']} failed to load: {loaded['message']}")
            if entry["loadStatus"] == "LOADED" and loaded.get("__typename"):
                return entries
        time.sleep(1)
    pytest.fail(f"{what}: the UI did not load in {seconds} s:\n{log.read_text()[-3000:]}")
