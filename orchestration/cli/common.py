"""What every command shares: failures reported as one line, printing that keeps colour codes
off pipes and files, and the warehouse the CTW_* settings name."""

from __future__ import annotations

import os
import re
import sys

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class CliError(RuntimeError):
    """A failure to report as one line (no traceback)."""


def plain(text: str, stream=sys.stderr) -> str:
    """Text without terminal colour codes unless it goes to a terminal."""
    return text if stream.isatty() else _ANSI.sub("", text)


def say(text: str = "", stream=None) -> None:
    stream = stream or sys.stdout  # looked up now: progress bars redirect it above themselves
    print(plain(text, stream), file=stream, flush=True)


def reader_gone() -> None:
    """The reader of stdout went away (`… | head -3`): what is still written goes nowhere,
    quietly (Python would report the closed pipe again when it flushes at exit)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (the database's own errors run to several)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def emptied_raw_warning(store) -> str | None:
    """One line when a crash of the PostgreSQL server emptied live raw tables (UNLOGGED)."""
    emptied = store.emptied_raw_tables()
    if not emptied:
        return None
    shown = ", ".join(emptied[:4]) + (f" and {len(emptied) - 4} more" if len(emptied) > 4 else "")
    return (
        f"warning: {len(emptied)} live raw table(s) are empty ({shown}): a restart of PostgreSQL "
        "after a crash emptied them (UNLOGGED, CTW_PG_UNLOGGED_TABLES); the marts are intact, "
        "and the next build loads them again"
    )


def warehouse_store():
    from orchestration.warehouse.stores import WarehouseConfig

    return WarehouseConfig.from_settings().store()
