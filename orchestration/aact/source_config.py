"""Which AACT source a configuration names, and opening it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from orchestration import settings
from orchestration.aact.readers import TableSource, open_flat_files, open_postgres
from orchestration.progress import QUIET, Progress


@settings.settings_dataclass("aact")
class AactSourceConfig:
    """The AACT source: its fields are the `aact` settings (kind, flatfiles_path, encoding,
    postgres_conninfo, postgres_schema)."""

    def describe(self) -> str:
        if self.kind == "postgres":
            return f"AACT PostgreSQL schema {self.postgres_schema}"
        return f"AACT flat files {settings.resolve_user_path(self.flatfiles_path)}"

    @contextmanager
    def open(self, workdir: Path, progress: Progress = QUIET) -> Iterator[TableSource]:
        """The source, opened; tables stream from it one at a time (opening reads no table, so
        `progress` has no step here: the load counts the tables)."""
        settings.choice("CTW_AACT_SOURCE", value=self.kind)
        if self.kind == "postgres":
            if not self.postgres_conninfo:
                raise settings.SettingsError("CTW_AACT_SOURCE=postgres needs CTW_AACT_PG_CONNINFO")
            with open_postgres(self.postgres_conninfo, self.postgres_schema) as source:
                yield source
            return
        path = settings.resolve_user_path(self.flatfiles_path)
        with open_flat_files(path, workdir, self.encoding) as source:
            yield source
