"""The project's local Dagster instance (DAGSTER_HOME, default `.dagster_home/`): its
dagster.yaml gets what every command of this project relies on, once, without touching what a
user set: no telemetry, no newsletter pop-up over the UI, asset freshness on (opt-in in Dagster
1.13), and, unless the user chose a storage, the SQLite event log that keeps its connections
open (`orchestration/defs/run_storage.py`). `./warehouse serve` writes its own instance."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from orchestration.settings import REPO_ROOT, SettingsError

DEFAULT_HOME = REPO_ROOT / ".dagster_home"
DEFAULTS = {
    "telemetry": {"enabled": False},
    "nux": {"enabled": False},
    "freshness": {"enabled": True},
}
STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")


# in $DAGSTER_HOME/history/runs, Dagster's own place for it; no path is written, so a moved
# or copied DAGSTER_HOME keeps its own history
POOLED_EVENT_LOG = {
    "module": "orchestration.defs.run_storage",
    "class": "PooledSqliteEventLogStorage",
}


def missing_settings(existing: dict) -> dict:
    """The project's defaults that `existing` does not set."""
    missing = {key: value for key, value in DEFAULTS.items() if key not in existing}
    if not any(key in existing for key in STORAGE_KEYS):
        missing["event_log_storage"] = POOLED_EVENT_LOG
    return missing


def ensure_local_home(home: Path | None = None) -> Path:
    """Make DAGSTER_HOME (created when missing) this process's instance, its dagster.yaml
    completed: missing keys are appended, so a user's keys and comments stay as they were."""
    home = Path(home or os.environ.get("DAGSTER_HOME") or DEFAULT_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    path = home / "dagster.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    existing = yaml.safe_load(text) if text.strip() else {}
    if not isinstance(existing, dict):
        kind = type(existing).__name__
        raise SettingsError(f"{path}: expected a mapping of settings, found {kind}")
    missing = missing_settings(existing)
    if missing:
        if text and not text.endswith("\n"):
            text += "\n"
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(text + yaml.safe_dump(missing, sort_keys=False), encoding="utf-8")
        partial.replace(path)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


if __name__ == "__main__":  # `./warehouse ui` completes the instance before `dagster dev`
    ensure_local_home()
