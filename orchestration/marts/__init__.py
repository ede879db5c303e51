"""The live marts for Python: `read_mart("dim_trials")` is a polars DataFrame of that mart, read
from the warehouse the CTW_* settings name (a DuckDB file or PostgreSQL), or from the one a
`WarehouseConfig` names. `live_marts()` reads several from one build; `export.py` writes them
all to files with a manifest."""

from orchestration.marts.reader import MartError, live_marts, mart_names, read_mart

__all__ = ["MartError", "live_marts", "mart_names", "read_mart"]
