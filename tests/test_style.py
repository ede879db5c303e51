"""The code follows the house style (ruff, line length 100)."""

import subprocess
import sys

from orchestration.settings import REPO_ROOT


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "orchestration", "tests", "bench", "fakes"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )


def test_ruff_lint_and_format_are_clean():
    lint = _ruff("check")
    assert lint.returncode == 0, lint.stdout
    fmt = _ruff("format", "--check")
    assert fmt.returncode == 0, fmt.stdout
