"""Rows a source produces itself (the flattened CT.gov mirror, the vocabularies), written as
AACT-style CSV files (one per table) that the warehouse's bulk loaders read like AACT's own flat
files: `|` delimiter, header, `"` quoting, NULL as an
empty unquoted field, an empty string as `""`. Rows stream to disk; no table is held."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from orchestration.raw.layouts import table_columns
from orchestration.raw.source import TableInput

_NEEDS_QUOTES = ('"', "|", "\n", "\r")


def csv_field(value) -> str:
    """One value as PostgreSQL's `COPY … CSV` writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text == "" or any(c in text for c in _NEEDS_QUOTES) or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def encode_rows(
    columns: dict[str, tuple[str, ...]], rows_by_table: dict[str, list[dict]]
) -> dict[str, str]:
    """{table: its rows as CSV lines} for the tables of `columns` that have rows."""
    encoded = {}
    for table, rows in rows_by_table.items():
        if rows and table in columns:
            names = columns[table]
            text = "".join("|".join(csv_field(row.get(c)) for c in names) + "\n" for row in rows)
            encoded[table] = text
    return encoded


def table_columns_of(tables: Iterable[str]) -> dict[str, tuple[str, ...]]:
    return {t: tuple(c.name for c in table_columns(t)) for t in tables}


class RawTableFiles:
    """Open CSV files for raw tables in `folder`; `add` rows, then `inputs()` for the loaders."""

    def __init__(self, folder: Path, tables: Iterable[str], origin: str):
        self.folder = folder
        self.origin = origin
        folder.mkdir(parents=True, exist_ok=True)
        self.columns = table_columns_of(tables)
        self._files = {}
        for table, columns in self.columns.items():
            handle = open(folder / f"{table}.txt", "w", encoding="utf-8", newline="")
            handle.write("|".join(columns) + "\n")
            self._files[table] = handle

    def add(self, rows_by_table: dict[str, list[dict]]) -> None:
        self.write(encode_rows(self.columns, rows_by_table))

    def write(self, encoded: dict[str, str]) -> None:
        """Append rows already encoded by `encode_rows` (tables not open here are skipped)."""
        for table, text in encoded.items():
            if table in self._files:
                self._files[table].write(text)

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()

    def inputs(self) -> dict[str, TableInput]:
        self.close()
        return {
            table: TableInput(
                table=table,
                origin=f"{self.origin} ({table})",
                columns=columns,
                path=self.folder / f"{table}.txt",
            )
            for table, columns in self.columns.items()
        }
