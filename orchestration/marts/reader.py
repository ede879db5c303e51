"""The live marts as polars DataFrames, on either target, read column-wise (no Python per row).

DuckDB: the live file opened read-only; its result goes to polars through Arrow. A publish
replaces the file, so an open reader keeps reading the build it opened.
PostgreSQL: as `./warehouse sql` does (the login CTW_PG_SQL_USER with the reader role, in a
read-only transaction, see sql_reader), each mart streamed by `COPY … TO STDOUT` as CSV and parsed
by polars with the column types the database reports. One snapshot serves every mart read in a
`live_marts()` block (REPEATABLE READ).

Rows come ordered by the mart's first column (its key), so two reads of a build are equal.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import polars as pl
from psycopg import sql

from orchestration.warehouse.builds import WarehouseStateError
from orchestration.warehouse.sql_reader import reader_transaction
from orchestration.warehouse.stores import WarehouseConfig

MARTS_SCHEMA = "marts"

# PostgreSQL's information_schema data_type → polars (numeric gets its precision and scale).
_PG_TYPES = {
    "bigint": pl.Int64,
    "integer": pl.Int32,
    "smallint": pl.Int16,
    "double precision": pl.Float64,
    "real": pl.Float32,
    "boolean": pl.Boolean,
    "date": pl.Date,
    "timestamp without time zone": pl.Datetime("us"),
    "timestamp with time zone": pl.Datetime("us", "UTC"),
    "text": pl.String,
    "character varying": pl.String,
    "character": pl.String,
}


class MartError(WarehouseStateError):
    """No such mart, or no live marts to read: the message says which, in one line."""


class LiveMarts:
    """The marts of one live build; `names()` lists them, `read(name)` returns one."""

    def __init__(self, describe: str, names: list[str], read):
        self.describe = describe
        self._names = names
        self._read = read

    def names(self) -> list[str]:
        return list(self._names)

    def read(self, name: str) -> pl.DataFrame:
        if name not in self._names:
            known = ", ".join(self._names) or "none"
            raise MartError(
                f"{self.describe}: no mart {name!r} in the live warehouse; marts: {known}"
            )
        return self._read(name)


@contextmanager
def live_marts(config: WarehouseConfig | None = None) -> Iterator[LiveMarts]:
    """The live marts of the warehouse `config` names (default: the CTW_* settings)."""
    config = config or WarehouseConfig.from_settings()
    if config.target == "postgres":
        with _postgres_marts(config) as marts:
            yield marts
    else:
        with _duckdb_marts(config) as marts:
            yield marts


def read_mart(name: str, config: WarehouseConfig | None = None) -> pl.DataFrame:
    """One mart of the live warehouse (e.g. "fct_drug_disease_associations") as a DataFrame."""
    with live_marts(config) as marts:
        return marts.read(name)


def mart_names(config: WarehouseConfig | None = None) -> list[str]:
    """The marts of the live warehouse, by name."""
    with live_marts(config) as marts:
        return marts.names()


def _names_query(catalog_filter: str) -> str:
    return (
        "select table_name from information_schema.tables "
        f"where table_schema = '{MARTS_SCHEMA}'{catalog_filter} order by table_name"
    )


@contextmanager
def _duckdb_marts(config: WarehouseConfig) -> Iterator[LiveMarts]:
    store = config.store()
    if not store.live.exists():
        raise MartError(f"no warehouse at {store.live} yet: run `./warehouse build` first")
    with duckdb.connect(str(store.live), read_only=True) as con:
        names = [name for (name,) in con.execute(_names_query("")).fetchall()]

        def read(name: str) -> pl.DataFrame:
            return con.sql(f'select * from {MARTS_SCHEMA}."{name}" order by 1').pl()

        yield LiveMarts(store.describe(), names, read)


# The schema `marts` names now: names resolve through the server's current catalog, not the
# transaction's snapshot
MARTS_NOW = "select to_regnamespace(%s)::oid"


@contextmanager
def _postgres_marts(config: WarehouseConfig) -> Iterator[LiveMarts]:
    describe = config.store().describe()
    with reader_transaction(config, repeatable_read=True) as conn:
        conn.execute("SET LOCAL DateStyle = 'ISO, YMD'")  # dates as polars parses them
        names = [
            name
            for (name,) in conn.execute(
                _names_query(" and table_catalog = current_database()")
            ).fetchall()
        ]
        pinned = conn.execute(MARTS_NOW, (MARTS_SCHEMA,)).fetchone()[0]
        if pinned is None:  # no marts schema: nothing was ever published here
            raise MartError(f"{describe}: no live warehouse yet: run `./warehouse build` first")

        def read(name: str) -> pl.DataFrame:
            frame = _copy_to_frame(conn, name)
            # A build published since the snapshot renamed `marts` to the new build's schema,
            # whose tables the snapshot sees empty: never hand those back as the mart.
            if conn.execute(MARTS_NOW, (MARTS_SCHEMA,)).fetchone()[0] != pinned:
                raise MartError(
                    f"{describe}: a newer build was published while these marts were read "
                    f"({name} and later reads would mix builds); read them again"
                )
            return frame

        yield LiveMarts(describe, names, read)


def _bytewise_order(column: str, kind: str) -> sql.Composable:
    """The first column as the rows' order, text in code-point order as DuckDB sorts it: a
    database with a linguistic collation (en_US.UTF-8, ICU) would order the same rows
    otherwise, and an export's files (and their sha256) would differ between the targets."""
    if kind in ("text", "character varying"):
        return sql.SQL('{} collate "C"').format(sql.Identifier(column))
    return sql.Identifier(column)


def _copy_to_frame(conn, name: str) -> pl.DataFrame:
    columns = conn.execute(
        "select column_name, data_type, numeric_precision, numeric_scale "
        "from information_schema.columns where table_catalog = current_database() "
        "and table_schema = %s and table_name = %s order by ordinal_position",
        (MARTS_SCHEMA, name),
    ).fetchall()
    schema = {
        column: _polars_type(kind, precision, scale) for column, kind, precision, scale in columns
    }
    buffer = io.BytesIO()
    query = sql.SQL("COPY (select * from {} order by {}) TO STDOUT (FORMAT csv, HEADER)").format(
        sql.Identifier(MARTS_SCHEMA, name), _bytewise_order(*columns[0][:2])
    )
    with conn.cursor().copy(query) as copy:
        for chunk in copy:
            buffer.write(chunk)
    buffer.seek(0)
    # NULL is an empty field, an empty string a quoted one (""). Booleans arrive as t/f, and
    # numerics are read as text and cast (older polars reads no decimals from CSV).
    as_text = {c for c, t in schema.items() if t == pl.Boolean or isinstance(t, pl.Decimal)}
    frame = pl.read_csv(
        buffer, schema={c: pl.String if c in as_text else t for c, t in schema.items()}
    )
    return frame.with_columns(
        pl.col(c) == "t" if schema[c] == pl.Boolean else pl.col(c).cast(schema[c]) for c in as_text
    )


def _polars_type(kind: str, precision: int | None, scale: int | None) -> pl.DataType:
    if kind == "numeric":
        return pl.Decimal(precision, scale) if precision is not None else pl.Float64
    return _PG_TYPES.get(kind, pl.String)  # anything else arrives as its text
