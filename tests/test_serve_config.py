"""What `./warehouse serve` writes and refuses before it starts anything: the instance's
dagster.yaml, one-line errors for storage it cannot reach, and compose.yaml's pieces of it."""

from __future__ import annotations

import os

import yaml

from orchestration.dagster_home import ensure_local_home
from orchestration.server.instance import DagsterDatabase, write_instance_config
from orchestration.server.serve import QUICK_EXITS_ALLOWED, parser, restarts
from orchestration.settings import REPO_ROOT, SETTINGS_BY_ENV
from tests.dagster_web import free_port
from tests.helpers import run_cli

# A key of the user's own, beside what every command writes into a new DAGSTER_HOME.
USER_KEY = "compute_logs:\n  module: dagster.core.storage.noop_compute_log_manager\n"


def test_instance_config_puts_storage_in_postgres_queues_runs_and_keeps_the_rest(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("CTW_PG_HOST", "db.example.org")
    monkeypatch.setenv("CTW_PG_PASSWORD", "s3cret")
    monkeypatch.setenv("CTW_DAGSTER_PG_PORT", "6543")
    monkeypatch.setenv("CTW_DAGSTER_PG_USER", "dagster")
    with monkeypatch.context():  # ensure_local_home sets DAGSTER_HOME
        ensure_local_home(tmp_path)  # the local instance's defaults, its SQLite event log too
    local = (tmp_path / "dagster.yaml").read_text()
    (tmp_path / "dagster.yaml").write_text(
        local + USER_KEY + "run_storage:\n  module: x\n  class: Y\n"
    )

    path = write_instance_config(tmp_path, DagsterDatabase.from_settings())

    text = path.read_text()
    assert "s3cret" not in text  # the password stays in the environment
    config = yaml.safe_load(text)
    assert config["storage"] == {
        "custom": {  # dagster-postgres's, the event log keeping its connection
            "module": "orchestration.server.storage",
            "class": "PooledPostgresStorage",
            "config": {
                "postgres_db": {
                    "scheme": "postgresql+psycopg2",
                    "hostname": "db.example.org",
                    "port": 6543,
                    "username": "dagster",
                    "db_name": "ctwarehouse_dagster",
                    "password": {"env": "CTW_PG_PASSWORD"},
                }
            },
        }
    }
    assert "run_storage" not in config  # would contradict `storage`
    assert "event_log_storage" not in config
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
    assert config["run_coordinator"]["config"] == {"dequeue_interval_seconds": 1}
    assert config["concurrency"] == {"runs": {"max_concurrent_runs": 1}}
    assert config["telemetry"] == {"enabled": False} and config["nux"] == {"enabled": False}
    assert config["freshness"] == {"enabled": True}
    assert config["compute_logs"] == yaml.safe_load(USER_KEY)["compute_logs"]
    # written again at the next start: the same file
    assert write_instance_config(tmp_path, DagsterDatabase.from_settings()).read_text() == text


def test_unreachable_storage_is_one_line_naming_the_database_and_server(tmp_path):
    port = free_port()  # nothing listens there
    result = run_cli(
        "serve", env={"CTW_DAGSTER_PG_PORT": str(port)}, dagster_home=tmp_path / "home"
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].endswith(
        f"warehouse serve - error: cannot connect to PostgreSQL database ctwarehouse_dagster on "
        f'postgres@127.0.0.1:{port}: connection failed: connection to server at "127.0.0.1", '
        f"port {port} failed: Connection refused; Is the server running on that host and "
        "accepting TCP/IP connections? (CTW_DAGSTER_PG_*, `./warehouse --help`)"
    ), result.stderr
    assert not (tmp_path / "home" / "dagster.yaml").exists()


def test_compose_runs_pieces_of_serve_with_known_settings():
    compose = yaml.safe_load((REPO_ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "webserver", "daemon"}
    for name in ("webserver", "daemon"):
        command = services[name]["command"]
        assert command[:2] == ["./warehouse", "serve"], command
        assert parser().parse_args(command[2:]).only == name
        unknown = {
            env
            for env in services[name]["environment"]
            if env.startswith("CTW_") and env not in SETTINGS_BY_ENV
        }
        assert not unknown, f"{name}: not settings: {sorted(unknown)}"
    assert services["daemon"]["depends_on"]["webserver"] == {"condition": "service_healthy"}


def _gone(pid: int, seconds: float = 10.0) -> bool:
    import time
    from pathlib import Path

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        stat = Path(f"/proc/{pid}/stat")
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except (OSError, IndexError):
            return True
        time.sleep(0.1)
    return False


def test_a_piece_of_serve_dies_with_serve_killed_hard():
    """kill -9 of serve (or the OOM killer) leaves no webserver, daemon or code server running
    unsupervised: each piece gets SIGTERM when the process that started it dies."""
    import signal
    import subprocess
    import sys

    script = (
        "import os, sys, time, pathlib\n"
        "from orchestration.server.processes import ProcessGroup\n"
        "group = ProcessGroup(pathlib.Path('.'), dict(os.environ))\n"
        "piece = group.start('piece', [sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "print(piece.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    # started as a shell that ignores SIGTERM would start it: the pieces must still hear it
    serve = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGTERM, signal.SIG_IGN),
    )
    piece = int(serve.stdout.readline())
    try:
        assert not _gone(piece, 0.5)
        serve.send_signal(signal.SIGKILL)
        serve.wait()
        assert _gone(piece), f"pid {piece} outlived the serve that started it"
    finally:
        try:
            os.kill(piece, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_second_serve_on_the_same_home_is_refused(tmp_path):
    import subprocess
    import sys

    import pytest

    from orchestration.server.instance import ServeError
    from orchestration.server.serve import hold_home

    script = (
        "import pathlib, sys, time\n"
        "from orchestration.server.serve import hold_home\n"
        "held = hold_home(pathlib.Path(sys.argv[1]))\n"
        "print('held', flush=True)\n"
        "time.sleep(60)\n"
    )
    first = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout.readline().strip() == "held"
        with pytest.raises(ServeError) as refused:
            hold_home(tmp_path)
        assert str(refused.value).startswith(
            f"another ./warehouse serve runs on {tmp_path} (pid {first.pid}, started 20"
        ), str(refused.value)
    finally:
        first.kill()
        first.wait()
    assert hold_home(tmp_path)  # the kernel dropped the first one's lock with its process


def test_serve_starts_the_webserver_or_daemon_again_unless_it_keeps_exiting():
    for piece in ("webserver", "daemon"):
        assert restarts(piece, 0)  # it had run a while
        assert restarts(piece, QUICK_EXITS_ALLOWED)
        assert not restarts(piece, QUICK_EXITS_ALLOWED + 1)  # a crash loop: serve stops
    # the code server's runs went with it: serve stops, for systemd or compose to restart it
    assert not restarts("code server", 0)
