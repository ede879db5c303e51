"""How a run reads in a terminal: the steps' own lines, plain (`  loaded aact/studies: …`), and
none of Dagster's per-event lines (step started, output handled, …), which the UI's event log
shows anyway. The CLI's builds, UI runs and schedules print the same lines."""

import logging
import sys

import dagster as dg
from dagster._core.log_manager import LOG_RECORD_METADATA_ATTR

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# What Dagster's engine logs through each step's logger once a step failed: a line per step not
# run, listing every failed input (30 times `raw_tables`). The failure itself is the build's
# message; these would bury it.
ENGINE_BOOKKEEPING = ("Dependencies for step ", "Skipping step ")


def is_step_message(record: logging.LogRecord) -> bool:
    """A line a step wrote (`context.log`), not an event Dagster logs for itself."""
    meta = getattr(record, LOG_RECORD_METADATA_ATTR, None)
    if meta is None or meta.get("dagster_event") is not None:
        return False
    return not str(meta.get("orig_message", "")).startswith(ENGINE_BOOKKEEPING)


class StepLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        meta = getattr(record, LOG_RECORD_METADATA_ATTR, None) or {}
        message = meta.get("orig_message", record.getMessage())
        prefix = "warning: " if record.levelno == logging.WARNING else ""
        prefix = "error: " if record.levelno >= logging.ERROR else prefix
        return f"  {prefix}{message}"


@dg.logger(
    config_schema={
        "log_level": dg.Field(str, default_value="INFO", description=f"one of {LEVELS}"),
        "warnings": dg.Field(
            bool,
            default_value=True,
            description="print warnings as they happen (the CLI prints them in its summary)",
        ),
        "file": dg.Field(
            str,
            default_value="",
            description="also append every line, warnings included, to this file (the CLI's "
            "build log)",
        ),
    },
    description="The steps' own messages, one plain line each, to standard output.",
)
def plain_console(init_context: dg.InitLoggerContext) -> logging.Logger:
    config = init_context.logger_config
    logger = logging.getLogger("ctwarehouse.run")
    logger.setLevel(config["log_level"])
    logger.propagate = False
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(StepLineFormatter())
    handler.addFilter(is_step_message)
    if not config["warnings"]:
        handler.addFilter(lambda record: record.levelno != logging.WARNING)
    logger.addHandler(handler)
    if config["file"]:
        to_file = logging.FileHandler(config["file"], encoding="utf-8")
        to_file.setFormatter(StepLineFormatter())
        to_file.addFilter(is_step_message)
        logger.addHandler(to_file)
    return logger


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(loggers={"console": plain_console})
