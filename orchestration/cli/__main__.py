"""`python -m orchestration.cli` (what `./warehouse` runs): see main.py."""

import gc
import sys

from orchestration.cli.main import main

status = main()
# Dagster, dbt and their definitions leave over half a million objects: the interpreter's
# collections while it shuts down cost a build a second; frozen, they are skipped.
gc.freeze()
sys.exit(status)
