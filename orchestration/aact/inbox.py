"""The AACT inbox: which export dropped in a watched folder (CTW_AACT_INBOX) to build next.

Dagster's sensor lists the folder on every tick and asks `decide`; the rules live here, without
Dagster, so that they are tested directly:

- an export is AACT's daily `YYYYMMDD_pipe-delimited-export.zip` (or `…_export_ctgov.zip`), or a
  folder holding `studies.txt`;
- a file still being written is never loaded: `.part`, `.crdownload`, `.tmp` (and the like) and
  hidden names are not exports, and an export whose size or mtime changed since the previous tick
  waits for the next one;
- when several exports arrive at once only the newest is loaded and the others are skipped by
  name; so is an export older than the last one loaded (it would take the warehouse back);
- an export replaced under the same name (new size or mtime) is loaded again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from orchestration.aact.readers import EXPORT_NAME

DATE_PREFIX = re.compile(r"^(\d{8})")
PARTIAL_SUFFIXES = (".part", ".partial", ".crdownload", ".download", ".tmp", ".temp")


@dataclass(frozen=True)
class Export:
    """One export in the inbox, as seen on one tick."""

    name: str
    path: Path
    size: int
    mtime_ns: int
    export_date: str | None  # YYYY-MM-DD, from the name

    @property
    def signature(self) -> list[int]:
        return [self.size, self.mtime_ns]

    @property
    def run_key(self) -> str:
        """The same file seen on two ticks is one run; a replaced file is a new one."""
        return f"{self.name}@{self.mtime_ns}"

    @property
    def order(self) -> list:
        """Newest last: the date in the name (else the file's own date), then the mtime."""
        mtime_date = datetime.fromtimestamp(self.mtime_ns / 1e9, UTC).strftime("%Y-%m-%d")
        return [self.export_date or mtime_date, self.mtime_ns]


@dataclass(frozen=True)
class Listing:
    exports: list[Export]
    partial: list[str]  # names of files still being downloaded or copied


@dataclass
class InboxCursor:
    """What the sensor remembers between ticks (stored as JSON in Dagster's cursor)."""

    seen: dict[str, list[int]] = field(default_factory=dict)  # signatures on the previous tick
    handled: dict[str, list[int]] = field(default_factory=dict)  # loaded or skipped, as they were
    newest: list | None = None  # `order` of the last export loaded

    def to_json(self) -> str:
        return json.dumps(
            {"seen": self.seen, "handled": self.handled, "newest": self.newest}, sort_keys=True
        )

    @classmethod
    def from_json(cls, text: str | None) -> InboxCursor:
        try:
            data = json.loads(text or "{}")
            return cls(dict(data["seen"]), dict(data["handled"]), data["newest"])
        except (ValueError, KeyError, TypeError):
            return cls()


@dataclass(frozen=True)
class Decision:
    load: Export | None
    skipped: list[Export]  # older than the one loaded, or than the last one loaded
    settling: list[Export]  # new or changed since the previous tick
    partial: list[str]
    cursor: InboxCursor

    def lines(self) -> list[str]:
        """What the tick saw, one line per kind, for the sensor's log and skip reason."""
        lines = []
        if self.load:
            lines.append(f"loading {self.load.name} (export of {self.load.export_date or '?'})")
        if self.skipped:
            newer = self.load.name if self.load else "the export loaded last"
            names = ", ".join(e.name for e in self.skipped)
            lines.append(f"skipped older export(s) {names}: {newer} is newer")
        if self.settling:
            names = ", ".join(e.name for e in self.settling)
            lines.append(f"waiting for {names} to stop changing (checked again next tick)")
        if self.partial:
            lines.append(f"still arriving: {', '.join(self.partial)}")
        return lines


def _date(name: str) -> str | None:
    match = DATE_PREFIX.match(name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d").strftime("%Y-%m-%d")
    except ValueError:
        return None


def _folder_export(path: Path) -> Export | None:
    files = [p for p in path.iterdir() if p.is_file()]
    if not any(p.name.lower() == "studies.txt" for p in files):
        return None
    stats = [p.stat() for p in files]
    return Export(
        name=path.name,
        path=path,
        size=sum(s.st_size for s in stats),
        mtime_ns=max([path.stat().st_mtime_ns, *(s.st_mtime_ns for s in stats)]),
        export_date=_date(path.name),
    )


def list_inbox(folder: Path) -> Listing:
    exports, partial = [], []
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith("."):
            continue
        if name.lower().endswith(PARTIAL_SUFFIXES):
            partial.append(name)
        elif path.is_dir():
            export = _folder_export(path)
            if export is not None:
                exports.append(export)
        elif EXPORT_NAME.match(name) and name.lower().endswith(".zip") and path.is_file():
            stat = path.stat()
            exports.append(Export(name, path, stat.st_size, stat.st_mtime_ns, _date(name)))
    return Listing(exports, partial)


def decide(listing: Listing, cursor: InboxCursor) -> Decision:
    """The export to load on this tick (if any) and the cursor for the next."""
    settling = [e for e in listing.exports if cursor.seen.get(e.name) != e.signature]
    fresh = sorted(
        (
            e
            for e in listing.exports
            if e not in settling and cursor.handled.get(e.name) != e.signature
        ),
        key=lambda e: e.order,
    )
    older = [e for e in fresh if cursor.newest is not None and e.order <= cursor.newest]
    eligible = [e for e in fresh if e not in older]
    load = eligible[-1] if eligible else None
    skipped = older + eligible[:-1]

    present = {e.name for e in listing.exports}
    handled = {name: sig for name, sig in cursor.handled.items() if name in present}
    handled.update({e.name: e.signature for e in [*skipped, *([load] if load else [])]})
    return Decision(
        load=load,
        skipped=skipped,
        settling=settling,
        partial=listing.partial,
        cursor=InboxCursor(
            seen={e.name: e.signature for e in listing.exports},
            handled=handled,
            newest=load.order if load else cursor.newest,
        ),
    )
