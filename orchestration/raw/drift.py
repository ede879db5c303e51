"""Schema drift: how a source table's columns differ from the DDL the warehouse knows.

AACT adds, renames and drops columns (its db/migrate holds many such changes), so a load takes
what the source publishes: columns the DDL knows are typed from it, new ones are kept (as
text, unless the source database types them), and DDL columns the source lacks load as NULL.
Each difference is reported per table, so a build says what changed instead of stopping.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from orchestration.raw.layouts import EXTRA_COLUMNS, Column, table_columns


@dataclass(frozen=True)
class ColumnDrift:
    """What one source table has beyond the DDL (`new`) and lacks of it (`missing`)."""

    name: str  # the table as the source names it: `studies.txt`, `ctgov.studies`
    new: tuple[Column, ...] = ()
    missing: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.new or self.missing)

    def messages(self) -> list[str]:
        """One line per kind of new column, one for the missing ones."""
        lines = []
        kinds: dict[str, list[str]] = {}
        for column in self.new:
            kinds.setdefault(column.kind, []).append(column.name)
        for kind, names in kinds.items():
            lines.append(
                f"{self.name}: {_count(len(names), 'new column')} kept as {kind}: "
                + ", ".join(names)
            )
        if self.missing:
            lines.append(
                f"{self.name}: {_count(len(self.missing), 'column')} of the DDL missing, "
                "loaded as NULL: " + ", ".join(self.missing)
            )
        renames = likely_renames([c.name for c in self.new], self.missing)
        if renames:  # AACT renames columns: the models read the DDL's names
            olds = ", ".join(old for old, _ in renames)
            lines.append(
                f"{self.name}: renamed? "
                + ", ".join(f"{new} appeared as {old} went missing" for old, new in renames)
                + f"; every model reading {olds} now gets NULL until the DDL copy has the new name"
            )
        return lines


def likely_renames(new: list[str], missing: tuple[str, ...]) -> list[tuple[str, str]]:
    """(missing column, new column) pairs that look like one column renamed: they share a
    word (`name` → `country_name`) or most of their letters (`downcase_name` →
    `downcased_name`). A new column unlike any missing one is only new, and a column missing
    since before (an old export) is only missing."""
    pairs = []
    left = list(new)
    for old in missing:
        words = set(old.split("_"))
        alike = [
            n
            for n in left
            if words & set(n.split("_")) - {"id", "date", "type"}
            or SequenceMatcher(None, old, n).ratio() >= 0.8
        ]
        if len(alike) == 1:
            pairs.append((old, alike[0]))
            left.remove(alike[0])
    return pairs


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def source_name(origin: str) -> str:
    """`…/studies.txt` and `…zip!export/studies.txt` → `studies.txt`; `ctgov.studies` as is."""
    return Path(origin.rsplit("!", 1)[-1]).name


def table_layout(
    table: str, origin: str, columns: tuple[str, ...], kinds: dict[str, str] | None = None
) -> tuple[tuple[Column, ...], ColumnDrift]:
    """The raw table's columns (the DDL's in DDL order, then the source's new ones in source
    order, typed by `kinds` or as text) and the drift. The warehouse's own extra columns
    (EXTRA_COLUMNS) are never reported missing: AACT does not publish them."""
    known = table_columns(table)
    names = {c.name for c in known}
    ours = {c.name for c in EXTRA_COLUMNS.get(table, ())}
    new = tuple(Column(c, (kinds or {}).get(c, "text")) for c in columns if c not in names)
    missing = tuple(c.name for c in known if c.name not in columns and c.name not in ours)
    return known + new, ColumnDrift(source_name(origin), new, missing)
