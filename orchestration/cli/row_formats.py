r"""How `./warehouse sql` prints a result: tab-separated (the default, for `cut` and `awk`; a
tab, newline or backslash inside a value escaped as PostgreSQL's text format does: `\t`, `\n`,
`\\`, and NULL written `\N` as it does, so that NULL and an empty string stay apart), an
aligned table for reading, CSV (RFC 4180's quoting, for spreadsheets; an empty string quoted,
`""`, and NULL nothing, as PostgreSQL's COPY and `./warehouse export --format csv` write them)
or JSON (one object per row; a column name given twice gets `_2`, `_3`, …). Booleans read
`true` / `false`, as in SQL and `./warehouse export --format csv`. A list or struct is written
as JSON, its dates ISO and its decimals exact."""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from decimal import Decimal

FORMATS = ("tsv", "table", "csv", "json")
TABLE_CELL_WIDTH = 60  # a longer value is cut, with "…", in `table` only


def write_rows(
    fmt: str, columns: list[str], batches: Iterable[list[tuple]], write: Callable[[str], None]
) -> None:
    """The rows in `fmt` (one of FORMATS), given and written a batch at a time (tsv, csv and
    json: a result of millions of rows is never one string; `table` needs every row for its
    widths), ending in a newline."""
    if fmt not in FORMATS:
        raise ValueError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "table":
        write(_table(columns, [row for batch in batches for row in batch]))
        return
    if fmt == "json":
        _write_json(columns, batches, write)
        return
    if fmt == "tsv":
        header, line = "\t".join(columns) + "\n", _tsv_line
    else:
        header, line = _csv_header(columns), _csv_line
    write(header)
    for batch in batches:
        write("".join(line(row) + "\n" for row in batch))


def format_rows(fmt: str, columns: list[str], rows: list[tuple]) -> str:
    """The rows in `fmt` (one of FORMATS) as one string, ending in a newline."""
    parts: list[str] = []
    write_rows(fmt, columns, [rows], parts.append)
    return "".join(parts)


TSV_NULL = "\\N"  # PostgreSQL's text format; a value's own backslash is written `\\`


def _tsv_line(row: tuple) -> str:
    return "\t".join(TSV_NULL if v is None else _tsv(_text(v)) for v in row)


def _csv_line(row: tuple) -> str:
    return ",".join(_csv_field(v) for v in row)


def _csv_header(columns: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(columns)
    return out.getvalue()


def _write_json(columns: list[str], batches, write: Callable[[str], None]) -> None:
    """A JSON list of one object per row, two-space indented, written as the rows come."""
    names, first = unique_names(columns), True
    for batch in batches:
        items = []
        for row in batch:
            record = dict(zip(names, (_json_value(v) for v in row), strict=True))
            item = json.dumps(record, indent=2, ensure_ascii=False, allow_nan=False)
            items.append(("[\n" if first else ",\n") + "  " + item.replace("\n", "\n  "))
            first = False
        write("".join(items))
    write("[]\n" if first else "\n]\n")


def _text(value) -> str:
    """A value as PostgreSQL's text output writes it: booleans true/false, dates ISO, JSON as
    JSON, bytes as a backslash, x and hex digits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple):
        return json.dumps(_json_value(value), ensure_ascii=False, allow_nan=False)
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    return value.isoformat() if isinstance(value, date | datetime | time) else str(value)


def _csv_field(value) -> str:
    """One CSV field: NULL empty, an empty string `""`, quotes where RFC 4180 needs them."""
    if value is None:
        return ""
    text = _text(value)
    if text == "" or any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def unique_names(columns: list[str]) -> list[str]:
    """Column names made unique for JSON keys: the second `a` is `a_2`, the third `a_3`."""
    seen: dict[str, int] = {}
    names = []
    for name in columns:
        seen[name] = seen.get(name, 0) + 1
        candidate = name if seen[name] == 1 else f"{name}_{seen[name]}"
        while candidate in columns and seen[name] > 1 or candidate in names:
            seen[name] += 1
            candidate = f"{name}_{seen[name]}"
        names.append(candidate)
    return names


TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _tsv(text: str) -> str:
    """A value on one line of its own column: tab, newline, return and backslash escaped."""
    return text.translate(TSV_ESCAPES)


def _json_value(value):
    """A value JSON can hold exactly: NaN and infinities (which JSON has no number for) and a
    decimal a double cannot hold (12345678901234567890.123456789) as strings."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _NON_FINITE[str(value)]
    if isinstance(value, Decimal):
        if not value.is_finite():
            return _NON_FINITE[str(value).lower()]
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return _text(value)


_NON_FINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity", "infinity": "Infinity",
               "-infinity": "-Infinity"}  # fmt: skip


def _table(columns: list[str], rows: list[tuple]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    numeric = [
        all(_is_number(row[i]) for row in rows if row[i] is not None)
        and any(row[i] is not None for row in rows)
        for i in range(len(columns))
    ]
    widths = [
        max([display_width(name), *(display_width(row[i]) for row in cells)])
        for i, name in enumerate(columns)
    ]

    def line(values: list[str]) -> str:
        padded = []
        for value, width, right in zip(values, widths, numeric, strict=True):
            pad = " " * (width - display_width(value))
            padded.append(pad + value if right else value + pad)
        return " │ ".join(padded).rstrip()

    lines = [line(columns), "─┼─".join("─" * w for w in widths)]
    lines += [line(row) for row in cells]
    lines.append(f"({len(rows):,} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal: wide (CJK, most emoji) characters two, combining
    marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _cell(value) -> str:
    if value is None:
        return ""
    text = " ".join(_text(value).split())  # newlines and tabs would break the columns
    if display_width(text) <= TABLE_CELL_WIDTH:
        return text
    text = text[: TABLE_CELL_WIDTH * 2]  # no character is wider than 2
    while display_width(text) > TABLE_CELL_WIDTH - 1:
        text = text[:-1]
    return text + "…"
