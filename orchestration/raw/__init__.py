"""The generic raw-load layer every source shares: a source offers its tables one at a time
(`TableSource` of `TableInput`, source.py), the bulk loaders write them into a build's raw schema
on DuckDB or PostgreSQL typed from the DDL (load.py, the writers), and a table's columns that
differ from the DDL are reported as drift (drift.py). Bad input is a `RawInputError` naming the
file, line, column and value (errors.py)."""
