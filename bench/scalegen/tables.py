"""One SELECT per AACT table: a FROM clause over the plans, one SQL expression per column
(the studies table, the protocol tables, the results tables), in the order the files are
written."""

from __future__ import annotations

from bench.scalegen.layout import TABLES
from bench.scalegen.protocol_tables import protocol_tables
from bench.scalegen.results_tables import results_tables
from bench.scalegen.study_table import studies_table
from bench.scalegen.table_sql import TableSql


def table_sql(studies: int) -> dict[str, TableSql]:
    """{table: its SQL} for `studies` studies, in layout.TABLES order."""
    specs = {"studies": studies_table(studies), **protocol_tables(), **results_tables()}
    if set(specs) != set(TABLES):
        raise RuntimeError(f"generated tables {sorted(specs)} are not layout.TABLES")
    return {table: specs[table] for table in TABLES}
