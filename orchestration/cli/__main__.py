"""`python -m orchestration.cli` (what `./warehouse` runs): see main.py."""

import sys

from orchestration.cli.main import main

sys.exit(main())
