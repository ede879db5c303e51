"""`./warehouse` syncs the environment only when the lock file or the project changed since its
last sync: run from a copy of the script beside a recording `uv` and a Python that only says it
ran."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _project(tmp_path: Path) -> tuple[Path, Path, dict]:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "warehouse", project / "warehouse")
    (project / "uv.lock").write_text("lock\n")
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    for checked_out in ("uv.lock", "pyproject.toml"):  # before the first sync (bash's -nt
        os.utime(project / checked_out, (1_000_000_000, 1_000_000_000))  # may count seconds)
    _executable(project / ".venv" / "bin" / "python", '#!/bin/sh\necho "python $*"\n')
    calls = tmp_path / "uv-calls"
    _executable(tmp_path / "bin" / "uv", f'#!/bin/sh\necho "$*" >> "{calls}"\n')
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"}
    env.pop("DAGSTER_HOME", None)
    return project, calls, env


def _run(project: Path, env: dict) -> str:
    done = subprocess.run(
        ["./warehouse", "--version"], cwd=project, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_environment_is_synced_only_when_the_lock_or_the_project_changed(tmp_path):
    project, calls, env = _project(tmp_path)
    assert _run(project, env) == "python -m orchestration.cli --version\n"
    assert calls.read_text() == "sync --frozen --quiet --compile-bytecode\n"  # the first time
    _run(project, env)
    _run(project, env)
    assert calls.read_text().count("sync") == 1  # nothing changed: no sync
    marker = project / ".venv" / ".ctw-synced"

    def changed_since_the_sync(path: Path) -> None:
        os.utime(marker, (1_500_000_000, 1_500_000_000))
        os.utime(path, (1_500_000_010, 1_500_000_010))

    changed_since_the_sync(project / "uv.lock")  # a pull brought a new lock file
    _run(project, env)
    assert calls.read_text().count("sync") == 2
    _run(project, env)
    assert calls.read_text().count("sync") == 2
    changed_since_the_sync(project / "pyproject.toml")
    _run(project, env)
    assert calls.read_text().count("sync") == 3
    marker.unlink()  # a venv changed by hand: sync on request
    _run(project, env)
    assert calls.read_text().count("sync") == 4
