"""Which AACT source a configuration names, and opening it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from orchestration import settings
from orchestration.aact.readers import TableSource, open_flat_files, open_postgres

AACT_ENV = {
    "kind": "CTW_AACT_SOURCE",
    "flatfiles_path": "CTW_AACT_FLATFILES",
    "encoding": "CTW_AACT_ENCODING",
    "postgres_conninfo": "CTW_AACT_PG_CONNINFO",
    "postgres_schema": "CTW_AACT_PG_SCHEMA",
}


@dataclass(frozen=True)
class AactSourceConfig:
    kind: str
    flatfiles_path: str
    encoding: str
    postgres_conninfo: str
    postgres_schema: str

    @classmethod
    def from_settings(cls) -> AactSourceConfig:
        return cls(**{f.name: settings.get(AACT_ENV[f.name]) for f in fields(cls)})

    def describe(self) -> str:
        if self.kind == "postgres":
            return f"AACT PostgreSQL schema {self.postgres_schema}"
        return f"AACT flat files {settings.resolve_user_path(self.flatfiles_path)}"

    @contextmanager
    def open(self, workdir: Path) -> Iterator[TableSource]:
        """The source, opened; tables stream from it one at a time."""
        if self.kind not in settings.SOURCE_KINDS:
            raise settings.SettingsError(
                f"CTW_AACT_SOURCE={self.kind!r}: choose one of {', '.join(settings.SOURCE_KINDS)}"
            )
        if self.kind == "postgres":
            if not self.postgres_conninfo:
                raise settings.SettingsError("CTW_AACT_SOURCE=postgres needs CTW_AACT_PG_CONNINFO")
            with open_postgres(self.postgres_conninfo, self.postgres_schema) as source:
                yield source
            return
        path = settings.resolve_user_path(self.flatfiles_path)
        with open_flat_files(path, workdir, self.encoding) as source:
            yield source
