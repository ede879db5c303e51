"""The error every reader and bulk loader raises for input it cannot load as it is, and the
words both loaders use to name the place in a file."""

from __future__ import annotations

from pathlib import Path

from orchestration.raw.layouts import table_columns


class RawInputError(ValueError):
    """Source input that cannot be loaded; the message names the file or table, the column,
    the line and the value."""


def physical_line(path: Path, byte_position: int) -> int:
    """The 1-based line of `path` on which `byte_position` falls (multi-line quoted values
    make this differ from the record number)."""
    line, remaining = 1, byte_position
    with open(path, "rb") as handle:
        while remaining > 0:
            chunk = handle.read(min(remaining, 1 << 22))
            if not chunk:
                break
            line += chunk.count(b"\n")
            remaining -= len(chunk)
    return line


def line_text(path: Path, line: int, limit: int = 1 << 16) -> bytes:
    """The bytes of physical line `line` (1-based), for naming the record in a message."""
    current = 1
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            newlines = chunk.count(b"\n")
            if current + newlines < line:
                current += newlines
                continue
            start = 0
            while current < line:
                start = chunk.index(b"\n", start) + 1
                current += 1
            text = chunk[start:]
            if b"\n" not in text:
                text += handle.readline(limit)
            return text.split(b"\n", 1)[0][:limit]
    return b""


def nct_id_in(line: bytes, columns: tuple[str, ...]) -> str | None:
    """The nct_id field of a data line, when the table has one (nct_id is never quoted)."""
    if "nct_id" not in columns:
        return None
    fields = line.split(b"|")
    index = columns.index("nct_id")
    if index < len(fields):
        value = fields[index].decode("utf-8", errors="replace").strip().strip('"')
        if value.upper().startswith("NCT"):
            return value
    return None


# --- the messages both bulk loaders give, in the same words ------------------------------------


def where_in_file(path: Path | None, line: int, columns: tuple[str, ...]) -> str:
    """`line N (NCT…)`: the physical line, and the study when the line names one."""
    nct_id = nct_id_in(line_text(path, line), columns) if path is not None else None
    return f"line {line}" + (f" ({nct_id})" if nct_id else "")


def cannot_read(origin: str, table: str, column: str | None, where: str, value: str) -> str:
    kind = next((c.kind for c in table_columns(table) if c.name == column), "text")
    return f"{origin}: column {column!r}, {where}: cannot read {value!r} as {kind}"


def not_utf8(origin: str, where: str, detail: str) -> str:
    return (
        f"{origin}: {where} is not valid UTF-8{detail}; set CTW_AACT_ENCODING to the "
        "file's encoding (e.g. latin-1: files that are valid UTF-8 stay read as UTF-8)"
    )


def wrong_field_count(origin: str, where: str, problem: str, header_fields: int) -> str:
    return f"{origin}: {where}: {problem} (the header has {header_fields} '|'-separated fields)"
