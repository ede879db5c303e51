"""The `ctrp` settings (the trial sheet, where documents go, the service and its credentials) as
one config."""

from __future__ import annotations

from pathlib import Path

from orchestration import settings
from orchestration.ctrp.client import CtrpClient
from orchestration.ctrp.sheet import TrialSheet, read_sheet


@settings.settings_dataclass("ctrp")
class CtrpConfig:
    """NCI CTRP: its fields are the `ctrp` settings (trials, directory, base_url, username,
    password). A missing sheet or credentials is a SettingsError naming the variables."""

    def sheet(self) -> TrialSheet:
        """The trial sheet (a SheetError names a bad entry)."""
        if not self.trials.strip():
            raise settings.SettingsError("CTW_CTRP_TRIALS is not set: name the trial sheet")
        return read_sheet(settings.resolve_user_path(self.trials))

    def documents_dir(self) -> Path:
        return Path(settings.resolve_user_path(self.directory))

    def client(self) -> CtrpClient:
        if not self.username or not self.password:
            raise settings.SettingsError(
                "CTW_CTRP_USERNAME and CTW_CTRP_PASSWORD must be set to submit"
            )
        return CtrpClient(self.base_url, self.username, self.password)
