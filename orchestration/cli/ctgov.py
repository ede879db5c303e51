"""`./warehouse ctgov-sync [--full]`: bring the local ClinicalTrials.gov mirror of the selection
(CTW_CTGOV_PARAMS) up to date."""

from __future__ import annotations

import sys

from orchestration import settings
from orchestration.cli.common import CliError, say


def ctgov_sync(full: bool) -> int:
    """Bring the local CT.gov mirror of the selection up to date (see orchestration/ctgov)."""
    from orchestration.ctgov.client import CtgovApiError, CtgovClient
    from orchestration.ctgov.mirror import CtgovMirror
    from orchestration.ctgov.selection import parse_selection
    from orchestration.ctgov.sync import sync_selection
    from orchestration.progress import console_progress

    try:
        params = parse_selection(settings.get("CTW_CTGOV_PARAMS"))
    except ValueError as exc:
        raise CliError(f"CTW_CTGOV_PARAMS: {exc}") from None
    say(f"Syncing CT.gov ({settings.get('CTW_CTGOV_API_URL')}) selection {params or 'all'}")
    try:
        with (
            CtgovClient(
                settings.get("CTW_CTGOV_API_URL"),
                rate_per_minute=settings.get_int("CTW_CTGOV_RATE_PER_MINUTE"),
                page_size=settings.get_int("CTW_CTGOV_PAGE_SIZE"),
            ) as client,
            CtgovMirror(settings.get("CTW_CTGOV_MIRROR")) as mirror,
        ):
            report = sync_selection(client, mirror, params, full=full, progress=console_progress())
    except CtgovApiError as exc:
        raise CliError(
            f"CT.gov sync stopped (it resumes from its last page; `ctgov-sync --full` starts a "
            f"new full sync instead of an unfinished incremental one): {exc}"
        ) from None
    except KeyboardInterrupt:
        say(
            "CT.gov sync interrupted; every page saved so far stays in the mirror, and the next "
            "`./warehouse ctgov-sync` resumes from the page after them.",
            sys.stderr,
        )
        return 130
    say(report.line())
    for rejected in report.rejected[:10]:
        say(f"  rejected {rejected}", sys.stderr)
    return 0
