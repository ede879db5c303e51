"""The project's code location as workspace.yaml declares it (module, working directory, location
name): `./warehouse ui` and `serve` load it from there, and a CLI build names it as its run's
origin, so that the UI can re-execute that run like one it launched."""

from __future__ import annotations

import yaml

from orchestration import settings

WORKSPACE = settings.REPO_ROOT / "workspace.yaml"


def code_location() -> dict:
    """workspace.yaml's python_module entry: module_name, working_directory (absolute) and
    location_name."""
    entries = yaml.safe_load(WORKSPACE.read_text(encoding="utf-8"))["load_from"]
    module = next(entry["python_module"] for entry in entries if "python_module" in entry)
    return {
        "module_name": module["module_name"],
        "working_directory": str(WORKSPACE.parent / module.get("working_directory", ".")),
        "location_name": module["location_name"],
    }
