"""`./warehouse serve`: Dagster as a service. One command runs a code server, dagster-webserver
and dagster-daemon, with runs, the event log and schedules in PostgreSQL (created when missing)
and a run queue that lets one run go at a time; Ctrl-C or SIGTERM stops all three.

The webserver and the daemon share the one code server (the code location is imported once, not
once per process). `--only webserver` / `--only daemon` run one of them, loading the code
location itself: the pieces of compose.yaml, or of two systemd units.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from orchestration import settings
from orchestration.server.instance import (
    MAX_CONCURRENT_RUNS,
    DagsterDatabase,
    ServeError,
    write_instance_config,
)
from orchestration.server.processes import (
    STOP_GRACE_SECONDS,
    ProcessGroup,
    StopRequested,
    signals_ignored,
    stop_on_signals,
)
from orchestration.workspace import WORKSPACE, code_location

SERVE_HOME = settings.REPO_ROOT / ".dagster_serve"  # DAGSTER_HOME when none is set
SERVE_WORKSPACE = "serve_workspace.yaml"  # in DAGSTER_HOME: the code server's address
SERVE_LOCK = "serve.lock"  # in DAGSTER_HOME: held by the serve that runs there
START_SECONDS = 600  # loading the code location on a busy 2-core machine can take minutes
EVERY_INTERFACE = ("0.0.0.0", "::", "")


def log(message: str) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S %z")
    print(f"{stamp} - warehouse serve - {message}", file=sys.stderr, flush=True)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="warehouse serve",
        description=__doc__,
        epilog="Storage: the database CTW_DAGSTER_PG_DATABASE (ctwarehouse_dagster) on the server\n"
        "of CTW_DAGSTER_PG_HOST/PORT/USER/PASSWORD, each defaulting to the warehouse's CTW_PG_*\n"
        "(`./warehouse --help` lists every setting). The instance's dagster.yaml is in\n"
        "DAGSTER_HOME (default .dagster_serve/, apart from `./warehouse ui`'s .dagster_home/).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument(
        "--host",
        default="127.0.0.1",
        help="address the webserver listens on (0.0.0.0: every interface) [127.0.0.1]",
    )
    top.add_argument("--port", type=int, default=3000, help="the webserver's port [3000]")
    top.add_argument(
        "--only",
        choices=("webserver", "daemon"),
        help="run only this piece (it loads the code location itself)",
    )
    return top


def dagster_home() -> Path:
    home = Path(os.environ.get("DAGSTER_HOME") or SERVE_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise ServeError(
                f"--host {host} --port {port}: cannot listen there ({exc.strerror}); "
                "choose another --port"
            ) from None


def url(host: str, port: int) -> str:
    shown = socket.gethostname() if host in EVERY_INTERFACE else host
    return f"http://{shown}:{port}"


def wait_until(ready, group: ProcessGroup, what: str) -> float:
    """Seconds until `ready()`; a piece that exits meanwhile stops the wait."""
    started = time.monotonic()
    while not ready():
        exited = group.exited()
        if exited:
            raise ServeError(f"the {exited[0]} exited with code {exited[1]} before {what}")
        if time.monotonic() - started > START_SECONDS:
            raise ServeError(f"{what}: not within {START_SECONDS} s")
        time.sleep(0.5)
    return time.monotonic() - started


def accepts_connections(host: str, port: int):
    def ready() -> bool:
        try:
            with socket.create_connection((host, port), timeout=2):
                return True
        except OSError:
            return False

    return ready


def answers_http(address: str):
    def ready() -> bool:
        try:
            with urllib.request.urlopen(f"{address}/server_info", timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    return ready


def start_pieces(args, group: ProcessGroup, home: Path) -> None:
    """Start the code server (unless --only), the webserver and the daemon; return once the
    webserver answers (the daemon alone: once it is started)."""
    bin_dir = Path(sys.executable).parent
    location = code_location()
    workspace = WORKSPACE
    if not args.only:
        code_port = free_port()
        log(f"starting the code server ({location['module_name']} on 127.0.0.1:{code_port})")
        group.start(
            "code server",
            [
                str(bin_dir / "dagster"),
                *("code-server", "start", "-m", location["module_name"]),
                *("-d", location["working_directory"], "--location-name"),
                *(location["location_name"], "-h", "127.0.0.1", "-p", str(code_port)),
            ],
        )
        seconds = wait_until(
            accepts_connections("127.0.0.1", code_port), group, "the code server was ready"
        )
        log(f"code server ready after {seconds:.0f} s")
        workspace = home / SERVE_WORKSPACE
        grpc = {"host": "127.0.0.1", "port": code_port, "location_name": location["location_name"]}
        workspace.write_text(yaml.safe_dump({"load_from": [{"grpc_server": grpc}]}))
    if args.only in (None, "daemon"):
        log("starting the daemon (schedules, sensors, the run queue)")
        group.start("daemon", [str(bin_dir / "dagster-daemon"), "run", "-w", str(workspace)])
    if args.only in (None, "webserver"):
        log(f"starting the webserver on {args.host}:{args.port}")
        group.start(
            "webserver",
            [
                str(bin_dir / "dagster-webserver"),
                *("-h", args.host, "-p", str(args.port), "-w", str(workspace)),
            ],
        )
        probe = "127.0.0.1" if args.host in EVERY_INTERFACE else args.host
        probe = f"[{probe}]" if ":" in probe else probe
        seconds = wait_until(
            answers_http(f"http://{probe}:{args.port}"), group, "the webserver answered"
        )
        pieces = "the webserver" if args.only else "the webserver, daemon and code server"
        log(
            f"Dagster UI ready at {url(args.host, args.port)} after {seconds:.0f} s (Ctrl-C or "
            f"SIGTERM stops {pieces})"
        )


# The webserver and the daemon only call the code server, which runs the builds: one that exits
# is started again and a running build goes on. Not when it keeps exiting within QUICK_EXIT
# seconds of its start (a port taken, a broken configuration): then serve stops, as it does
# when the code server exits (its runs have gone with it), for systemd or compose to restart it.
RESTARTED_PIECES = ("webserver", "daemon")
QUICK_EXIT = 60.0
QUICK_EXITS_ALLOWED = 3


def restarts(piece: str, quick_exits: int) -> bool:
    """Whether serve starts `piece` again after it exited, the `quick_exits`-th time in a row
    within QUICK_EXIT seconds of its start (0: it had run longer)."""
    return piece in RESTARTED_PIECES and quick_exits <= QUICK_EXITS_ALLOWED


def hold_home(home: Path):
    """An exclusive lock on DAGSTER_HOME for this serve's lifetime (the kernel drops it when the
    process ends, however): a second serve on the same home would start a second daemon and
    rewrite the first one's workspace file."""
    import fcntl

    home.mkdir(parents=True, exist_ok=True)
    handle = open(home / SERVE_LOCK, "a+")  # noqa: SIM115 - held open until the process ends
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise ServeError(
            f"another ./warehouse serve runs on {home} ({holder}); stop it first, or give this "
            "one its own DAGSTER_HOME"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    handle.flush()
    return handle


def serve(args: argparse.Namespace) -> int:
    home = dagster_home()
    held = hold_home(home)  # noqa: F841 - the lock lives as long as this variable
    database = DagsterDatabase.from_settings()
    created = database.ensure_exists()
    log(f"Dagster storage: {database.describe()}" + (" (created now)" if created else ""))
    config = write_instance_config(home, database)
    log(
        f"instance: {config} (runs queue; {MAX_CONCURRENT_RUNS} at a time, "
        "the others wait their turn)"
    )
    if args.only != "daemon":
        check_port_free(args.host, args.port)
    group = ProcessGroup(settings.REPO_ROOT, dict(os.environ))
    with stop_on_signals():
        try:
            start_pieces(args, group, home)
            quick_exits: dict[str, int] = {}
            while True:
                exited = group.exited()
                if exited:
                    name, code = exited
                    uptime = time.monotonic() - group.started_at[name]
                    quick_exits[name] = quick_exits.get(name, 0) + 1 if uptime < QUICK_EXIT else 0
                    if restarts(name, quick_exits[name]):
                        log(
                            f"the {name} exited with code {code} after {uptime:.0f} s; starting "
                            "it again (runs go on: the code server runs them)"
                        )
                        group.restart(name)
                        continue
                    log(f"the {name} exited with code {code}; stopping the rest")
                    return 1
                time.sleep(1)
        except StopRequested as stop:
            log(f"{stop}: stopping the {', the '.join(reversed(group.children))}")
            return 0
        finally:
            with signals_ignored():  # a second Ctrl-C must not cut the shutdown short
                killed = group.stop(first=("webserver", "daemon"))
            if killed:
                log(
                    f"stopped; killed pid(s) {', '.join(map(str, killed))}: still running "
                    f"{STOP_GRACE_SECONDS} s after SIGTERM"
                )
            elif group.children:
                log("stopped")


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    settings.validate()
    try:
        return serve(args)
    except ServeError as exc:
        log(f"error: {exc}")
        return 1
    except StopRequested:  # a second signal just after the processes stopped
        return 0
