"""Local fake services that the tests and the benchmarks run on 127.0.0.1: ClinicalTrials.gov's
API v2 (`ctgov_server`) and NCI CTRP's Trial Registration service (`ctrp_server`), on a shared
threaded HTTP server (`local_http`). They serve the real records of `tests/fixtures/`.

Test support, not product code: the wheel ships `orchestration` only; the project's editable
install puts the repository root on `sys.path`, so `import fakes` works from tests and from
`bench/` scripts alike.
"""
