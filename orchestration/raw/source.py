"""What a source offers the bulk loaders: its tables, each opened one at a time as a CSV stream
(`|` delimiter, header row, PostgreSQL's CSV quoting). Nothing holds a table in memory: a table
is a file on disk or an iterator of CSV chunks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

DELIMITER = "|"
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class TableInput:
    """One table as CSV (`|`, header row): a file on disk, or chunks streamed from a database.
    `origin` is how messages name it."""

    table: str
    origin: str
    columns: tuple[str, ...]
    path: Path | None = None
    stream: Callable[[], Iterator[bytes]] | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # types the source gives new columns

    def chunks(self) -> Iterator[bytes]:
        if self.stream is not None:
            yield from self.stream()
            return
        with open(self.path, "rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                yield chunk


@dataclass
class TableSource:
    """What a reader offers: the tables it has, opened one at a time with `open_table`, and how
    big each is (in `size_unit`: bytes of a file, or a database's row estimate) when known."""

    description: str
    tables: tuple[str, ...]
    open_table: Callable[[str], AbstractContextManager[TableInput]] | None
    missing: list[str] = field(default_factory=list)
    export_date: str | None = None
    # records the reader set aside (record, reason); the rest of the source loads
    rejected: list[tuple[str, str]] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)  # progress reporting's totals
    size_unit: str = "bytes"
    # whether two tables can be open at once (files can; one database session cannot)
    concurrent_tables: bool = False
    # what reading the tables found worth a line (files read in another encoding), as it goes
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str | None:
        """A line on what opening the source took, when there is more to say than its loads."""
        return "; ".join(self.notes) or None


def file_sizes(inputs: dict[str, TableInput]) -> dict[str, int]:
    """Bytes of each table written to a file (the CT.gov mirror's, the vocabularies')."""
    return {table: i.path.stat().st_size for table, i in inputs.items() if i.path is not None}
