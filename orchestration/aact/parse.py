"""Turn AACT's `|`-delimited text (flat-file export or a COPY from PostgreSQL) into typed frames.

Every value is checked against AACT's column types; the first value that does not fit raises an
`AactInputError` naming the file or table, the column, the data row and the value.
"""

from __future__ import annotations

import re

import polars as pl

from orchestration.aact.schema import Column, table_columns

DELIMITER = "|"

POLARS_TYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "integer": pl.Int64(),
    "float": pl.Float64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "timestamp": pl.Datetime("us"),
}
_BOOLEANS = {"t": True, "true": True, "f": False, "false": False}
_TIMESTAMP_FORMATS = ("%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d")
_KEY_COLUMNS = ("id", "nct_id")
# A field that opens with a double quote: the text is CSV-quoted (as PostgreSQL's COPY … CSV
# writes it). Without one, quotes are plain characters (`5" tall`), not quoting.
_QUOTED_FIELD = re.compile(rb'(?:^|\|)"', re.M)


class AactInputError(ValueError):
    """AACT input that cannot be loaded as it is; the message says where and why."""


def _cast(name: str, kind: str) -> pl.Expr:
    value = pl.col(name)
    if kind == "text":
        return value
    value = value.str.strip_chars()
    if kind == "integer":
        return value.cast(pl.Int64, strict=False)
    if kind == "float":
        return value.cast(pl.Float64, strict=False)
    if kind == "boolean":
        return value.str.to_lowercase().replace_strict(
            _BOOLEANS, default=None, return_dtype=pl.Boolean
        )
    if kind == "date":
        return value.str.to_date("%Y-%m-%d", strict=False)
    if kind == "timestamp":
        return pl.coalesce(
            [value.str.to_datetime(fmt, strict=False, time_unit="us") for fmt in _TIMESTAMP_FORMATS]
        )
    raise ValueError(f"unknown column kind {kind!r}")


def empty_table(table: str) -> pl.DataFrame:
    """A table with AACT's columns and no rows."""
    return pl.DataFrame(schema={c.name: POLARS_TYPES[c.kind] for c in table_columns(table)})


def _check_header(origin: str, header: list[str], columns: tuple[Column, ...]) -> None:
    expected = [c.name for c in columns]
    if len(header) == 1 and len(expected) > 1:
        raise AactInputError(
            f"{origin}: header {header[0][:80]!r} has no '{DELIMITER}' delimiter; "
            f"expected AACT columns {', '.join(expected)}"
        )
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise AactInputError(f"{origin}: column(s) {', '.join(duplicated)} appear more than once")
    unknown = [c for c in header if c not in expected]
    if unknown:
        raise AactInputError(
            f"{origin}: unknown column(s) {', '.join(unknown)}; "
            f"AACT columns are {', '.join(expected)}"
        )
    missing_keys = [c for c in _KEY_COLUMNS if c in expected and c not in header]
    if missing_keys:
        raise AactInputError(f"{origin}: key column(s) {', '.join(missing_keys)} missing")


def _check_field_counts(origin: str, data: bytes, width: int) -> None:
    """In unquoted text every line has the header's number of fields; name the first that does
    not."""
    for number, line in enumerate(data.splitlines()[1:], start=2):
        fields = line.count(DELIMITER.encode()) + 1
        if line.strip() and fields != width:
            raise AactInputError(
                f"{origin}: line {number} has {fields} '{DELIMITER}'-separated fields, "
                f"the header has {width}"
            )


def _first_bad_value(
    origin: str, raw: pl.DataFrame, typed: pl.DataFrame, columns: tuple[Column, ...]
) -> None:
    for column in columns:
        if column.kind == "text" or column.name not in raw.columns:
            continue
        bad = raw[column.name].is_not_null() & typed[column.name].is_null()
        if not bad.any():
            continue
        row = int(bad.arg_max())
        where = f"data row {row + 1}"
        if "nct_id" in raw.columns and raw["nct_id"][row] is not None:
            where += f" ({raw['nct_id'][row]})"
        raise AactInputError(
            f"{origin}: column {column.name!r}, {where}: cannot read "
            f"{raw[column.name][row]!r} as {column.kind}"
        )


def parse_table(data: bytes, table: str, origin: str) -> pl.DataFrame:
    """Parse one AACT table's `|`-delimited text (with header) into AACT's typed columns.

    Columns AACT has but the text lacks come back as nulls; unknown columns, unreadable values
    and missing key columns raise `AactInputError`.
    """
    columns = table_columns(table)
    if not data.strip():
        raise AactInputError(f"{origin}: file is empty (expected a header row)")
    header_line = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").rstrip("\r")
    header = header_line.split(DELIMITER)
    _check_header(origin, header, columns)
    quoted = _QUOTED_FIELD.search(data) is not None
    if not quoted:
        _check_field_counts(origin, data, len(header))
    try:
        raw = pl.read_csv(
            data,
            separator=DELIMITER,
            has_header=True,
            infer_schema=False,
            quote_char='"' if quoted else None,
            encoding="utf8-lossy",
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise AactInputError(
            f"{origin}: not readable as '{DELIMITER}'-delimited text: {exc}"
        ) from exc
    raw = raw.rename({name: name.lstrip("\ufeff") for name in raw.columns})
    typed = raw.select(
        _cast(c.name, c.kind).alias(c.name)
        if c.name in raw.columns
        else pl.lit(None, dtype=POLARS_TYPES[c.kind]).alias(c.name)
        for c in columns
    )
    _first_bad_value(origin, raw, typed, columns)
    if "nct_id" in typed.columns and typed["nct_id"].null_count():
        row = int(typed["nct_id"].is_null().arg_max())
        raise AactInputError(f"{origin}: column 'nct_id', data row {row + 1}: value is empty")
    return typed
