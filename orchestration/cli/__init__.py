"""The command line, `./warehouse <command>` (`python -m orchestration.cli`): main.py parses the
arguments and dispatches; one module per command group (build, query: summary, sql, changes,
trial, export; rollback; ctgov; ctrp; dbt), sharing common.py. The commands import what they
need when they run, so `--help` and quick commands start fast."""
