"""How many dbt threads a build runs (CTW_DBT_THREADS=auto, the default).

Two, so that one thread's Python work (rendering, events, contracts: most of a small build's dbt
time) overlaps the other's query. One on DuckDB once the build is large: DuckDB runs each query
on every core already, and two large tables written at once into one DuckDB file slow each other
several times over (at 560,000 studies `fct_outcome_measurements` took 11 s alone and 40-90 s
beside `int_result_group_arms` or `int_trial_conditions`, spilling 3 GB under its 2 GB
`memory_limit`, and still 32 s at 8 GB without spilling). Measured with bench/scale.py on 2
cores: 80,000 studies (1.5 M rows in the largest raw table) built in 31.6-33.5 s with two
threads and 33.2-38.1 s with one; 200,000 studies (3.6 M rows) in 51.0 s with two and 43.1 s
with one.
"""

from __future__ import annotations

AUTO_DBT_THREADS = 2
# DuckDB: at this many rows in the build's largest raw table, one thread
DUCKDB_ONE_THREAD_ROWS = 2_000_000


def build_dbt_threads(configured: int | None, duckdb_largest_rows: int | None) -> int:
    """dbt threads for a build: the configured number, else (auto) one on DuckDB when its largest
    table holds DUCKDB_ONE_THREAD_ROWS rows or more (`duckdb_largest_rows`: None on PostgreSQL,
    where two sessions at once are the server's ordinary work), two otherwise."""
    if configured is not None:
        return configured
    if duckdb_largest_rows is not None and duckdb_largest_rows >= DUCKDB_ONE_THREAD_ROWS:
        return 1
    return AUTO_DBT_THREADS


def describe_threads(threads: int, configured: int | None, duckdb_largest_rows: int | None) -> str:
    """`1 thread (auto: the largest raw table holds 10,235,387 rows)`, for the build's log."""
    plural = "thread" if threads == 1 else "threads"
    if configured is not None:
        return f"{threads} {plural} (CTW_DBT_THREADS)"
    if duckdb_largest_rows is None:
        return f"{threads} {plural} (auto)"
    return f"{threads} {plural} (auto: the largest raw table holds {duckdb_largest_rows:,} rows)"
