"""What a person at a terminal sees while a build runs: assets write short lines to this
logger (besides Dagster's own log), and the CLI prints them."""

import logging

PROGRESS = logging.getLogger("ctwarehouse.progress")
