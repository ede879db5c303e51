"""The pieces every generated table is written with: a FROM clause over the plans and one SQL
expression per AACT column (`TableSql`), and the SELECT that writes it in AACT's DDL order."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TableSql:
    source: str
    columns: dict[str, str] = field(default_factory=dict)


def date_plus(date: str, days: str) -> str:
    return f"({date} + CAST({days} AS INTEGER))"


def per_study(count: str, base: str, extra: str = "") -> str:
    """`count` rows per plan row (`j` numbers them), with the plan columns children use."""
    cols = "i, nct_id, n_int, n_dg, interventional, has_results, arms" + extra
    return f"(SELECT {cols}, {base}, unnest(range({count})) AS j FROM sp WHERE {count} > 0)"


def select_sql(table: str, spec: TableSql, columns: list[tuple[str, str]]) -> str:
    """The SELECT writing `table`: AACT's columns in DDL order, each from its expression."""
    wanted = [name for name, _ in columns]
    unknown = sorted(set(spec.columns) - set(wanted))
    missing = [name for name in wanted if name not in spec.columns]
    if unknown or missing:
        raise RuntimeError(
            f"{table}: generator columns do not match AACT's DDL "
            f"(missing {missing}, not in DDL {unknown})"
        )
    exprs = []
    for name, kind in columns:
        expr = spec.columns[name]
        if kind == "integer":
            expr = f"CAST({expr} AS BIGINT)"
        elif kind == "float":
            expr = f"num(CAST({expr} AS DOUBLE))"  # 95 not 95.0, as PostgreSQL prints
        elif kind == "date":
            expr = f"CAST({expr} AS DATE)"
        exprs.append(f'{expr} AS "{name}"')
    return "SELECT\n    " + ",\n    ".join(exprs) + f"\nFROM {spec.source}"
