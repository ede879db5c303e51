"""`./warehouse export`: every live mart as a file (Parquet or CSV) in one folder, with a
`manifest.json` that says which build they are (build id, each source's data date), how many
rows each holds and each file's sha256, so a copy can be checked and cited.

The marts are read as `read_mart` reads them (one build: one DuckDB file, or one PostgreSQL
snapshot). A build published while the export runs makes it fail rather than mix two builds.
The export is written into a folder beside the target (`.<name>.export-<pid>`) and takes the
target's place only once it is whole, manifest included: a failed export (a full disk, a build
published meanwhile, a broken pipe) leaves the previous export as it was and nothing in the way
of the next try."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from orchestration.marts.reader import MartError, live_marts
from orchestration.warehouse.freshness import live_data_dates
from orchestration.warehouse.stores import WarehouseConfig

FORMATS = ("parquet", "csv")
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ExportedMart:
    name: str
    file: str
    rows: int
    bytes: int
    sha256: str


@dataclass
class ExportManifest:
    build_id: str
    warehouse: str
    format: str
    exported_at: str
    sources: dict[str, dict[str, str | None]]  # source → data_date, export_date, newest_update
    marts: list[ExportedMart] = field(default_factory=list)
    ctwarehouse_version: str = field(default_factory=lambda: version("ctwarehouse"))

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


def export_marts(
    directory: Path,
    fmt: str = "parquet",
    config: WarehouseConfig | None = None,
    on_mart: Callable[[ExportedMart], None] | None = None,
) -> ExportManifest:
    """Write every live mart into `directory` (created if missing) as `<mart>.<fmt>`, then the
    manifest. A folder holding other files than a previous export's is refused."""
    if fmt not in FORMATS:
        raise MartError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    config = config or WarehouseConfig.from_settings()
    store = config.store()
    build_id = _live_build_id(store)
    manifest = ExportManifest(
        build_id=build_id,
        warehouse=f"{store.target}: {store.describe()}",
        format=fmt,
        exported_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sources={
            d.source: {
                "data_date": str(d.data_date),
                "export_date": str(d.export_date) if d.export_date else None,
                "newest_update": str(d.newest_update) if d.newest_update else None,
            }
            for d in live_data_dates(store)
            if d.data_date is not None
        },
    )
    directory = directory.absolute()
    _check_target(directory)
    staging = _staging_folder(directory)
    try:
        _write_marts(staging, fmt, config, manifest, on_mart)
        published = _live_build_id(store)
        if published != build_id:
            raise MartError(
                f"build {published} was published during the export (it began with "
                f"{build_id}); run the export again"
            )
        (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        _swap_in(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _write_marts(staging: Path, fmt: str, config, manifest: ExportManifest, on_mart) -> None:
    with live_marts(config) as marts:
        for name in marts.names():
            path = staging / f"{name}.{fmt}"
            frame = marts.read(name)
            if fmt == "parquet":
                frame.write_parquet(path)
            else:
                frame.write_csv(path)
            exported = ExportedMart(
                name, path.name, frame.height, path.stat().st_size, _sha256(path)
            )
            manifest.marts.append(exported)
            if on_mart is not None:
                on_mart(exported)


def _live_build_id(store) -> str:
    live = store.live_build()
    if live is None:
        raise MartError(f"{store.describe()}: no live warehouse yet: run `./warehouse build` first")
    return live.build_id


def _staging_folder(directory: Path) -> Path:
    """A new folder beside `directory` for this export (same file system: it is renamed into
    place); those of exports whose process is gone are removed first."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    for stale in directory.parent.glob(f".{directory.name}.export-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    staging = directory.parent / f".{directory.name}.export-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap_in(staging: Path, directory: Path) -> None:
    """The whole export takes the target's place; the previous export (or the empty folder)
    goes only then."""
    if not directory.exists():
        staging.rename(directory)
        return
    old = directory.parent / f".{directory.name}.previous-{os.getpid()}"
    shutil.rmtree(old, ignore_errors=True)
    directory.rename(old)
    try:
        staging.rename(directory)
    except OSError:
        old.rename(directory)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _check_target(directory: Path) -> None:
    """A new or empty folder, or one that holds a previous export (replaced once the new one is
    whole); anything else is refused before a mart is read."""
    if directory.exists() and not directory.is_dir():
        raise MartError(f"{directory}: not a folder")
    if not directory.exists():
        return
    previous = directory / MANIFEST
    entries = {p.name for p in directory.iterdir()}
    if not entries:
        return
    if MANIFEST not in entries:
        raise MartError(
            f"{directory}: not empty and holds no export ({MANIFEST}); choose a new or empty folder"
        )
    try:
        listed = {m["file"] for m in json.loads(previous.read_text(encoding="utf-8"))["marts"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise MartError(f"{previous}: not an export's manifest ({exc})") from None
    if any(Path(name).name != name or name.startswith(".") for name in listed):
        raise MartError(f"{previous}: names files outside {directory}; not an export's manifest")
    others = sorted(entries - listed - {MANIFEST})
    if others:
        raise MartError(
            f"{directory}: holds files the previous export did not write ({', '.join(others[:5])});"
            " choose a new or empty folder"
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
