"""Progress of a step Dagster runs: its counts in the run's event log (`context.log.info`) at
most every CTW_PROGRESS_SECONDS, and bars when stderr is a terminal (a CLI build running the
job in this process). No plain lines on stderr: the event log already has them."""

import dagster as dg

from orchestration.progress import Progress, console_progress


def run_progress(context: dg.OpExecutionContext) -> Progress:
    return console_progress(listener=context.log.info, lines=False)
