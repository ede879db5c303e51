"""The `ctgov` settings (the API, the selection, the mirror) as one config, and the selection a
build loads from the mirror."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from orchestration import settings
from orchestration.ctgov.client import CtgovClient
from orchestration.ctgov.load import FlattenedMirror, open_mirror_source
from orchestration.ctgov.selection import parse_selection
from orchestration.progress import QUIET, Progress


@dataclass(frozen=True)
class CtgovSelection:
    """The studies of one selection in the local mirror: what a build loads (the `ctgov`
    source's reader, orchestration/sources.py)."""

    mirror_path: Path
    params: dict[str, str]

    @classmethod
    def from_settings(cls) -> CtgovSelection:
        return CtgovConfig.from_settings().selection()

    @contextmanager
    def open(self, workdir: Path, progress: Progress = QUIET) -> Iterator[FlattenedMirror]:
        """The mirrored studies as a source of raw tables (flattening and writing them are
        steps of `progress`)."""
        with open_mirror_source(
            self.mirror_path, self.params, workdir, progress=progress
        ) as flattened:
            yield flattened


@settings.settings_dataclass("ctgov")
class CtgovConfig:
    """ClinicalTrials.gov: its fields are the `ctgov` settings (api_url, params, page_size,
    rate_per_minute, mirror_path)."""

    def selection(self, params: str | None = None) -> CtgovSelection:
        """The studies to sync and load: `params` when given (the launchpad), else the
        configured ones (CTW_CTGOV_PARAMS). A bad selection is a SettingsError naming it."""
        try:
            chosen = parse_selection(self.params if params is None else params)
        except ValueError as exc:
            where = "CTW_CTGOV_PARAMS" if params is None else "params"
            raise settings.SettingsError(f"{where}: {exc}") from exc
        return CtgovSelection(Path(settings.resolve_user_path(self.mirror_path)), chosen)

    def client(self) -> CtgovClient:
        return CtgovClient(
            self.api_url, rate_per_minute=self.rate_per_minute, page_size=self.page_size
        )
