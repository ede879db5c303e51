"""The error every vocabulary reader raises for input it cannot load as it is."""

from __future__ import annotations

from orchestration.raw.errors import RawInputError


class VocabInputError(RawInputError):
    """A vocabulary file that cannot be loaded. A subclass of RawInputError, so a build reports
    it as one line and the live warehouse stays untouched; the message names the file, the
    record, the field and the value."""


def bad_field(origin: str, record: str, field: str, value, expected: str) -> VocabInputError:
    """`<file>: <record>: field '<field>': cannot read <value> as <expected>`."""
    shown = repr(value[:200] if isinstance(value, str) else value)
    message = f"{origin}: {record}: field {field!r}: cannot read {shown} as {expected}"
    return VocabInputError(message)
