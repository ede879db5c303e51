"""`python -m orchestration.cli` (what `./warehouse` runs): see main.py."""

import gc
import sys

# Imports allocate hundreds of thousands of objects that live as long as the process: the
# collector's passes over them while they load are wasted (a build's start-up saves ~0.3 s).
gc.disable()
from orchestration.cli.main import main  # noqa: E402

gc.enable()
status = main()
# Dagster, dbt and their definitions leave over half a million objects: the interpreter's
# collections while it shuts down cost a build a second; frozen, they are skipped.
gc.freeze()
sys.exit(status)
