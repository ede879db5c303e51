"""Validation of CTRP documents against the service's own schemas (bundled `ws.xsd`, which
imports `po.xsd`), with `xmlschema`: a standards-conformant XSD 1.0 validator. libxml2 rejects
values such as a newline inside an `xs:date` that the XSD whitespace rule (collapse) accepts and
that CTRP's own samples carry."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError

if TYPE_CHECKING:  # imported where used: a build that writes no CTRP document skips it
    import xmlschema


SCHEMA_DIR = Path(__file__).with_name("schemas")
WS_XSD = SCHEMA_DIR / "ws.xsd"
NAMESPACE = "gov.nih.nci.pa.webservices.types"
MAX_ERRORS = 20  # per document: the first errors tell what is wrong; the rest are usually echoes


@dataclass(frozen=True)
class SchemaError:
    """One reason a document is not valid: where in the document (an XPath), and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@cache
def schema() -> xmlschema.XMLSchema10:
    """The CTRP schema, read once; imports resolve inside the bundled folder only (offline)."""
    import xmlschema

    return xmlschema.XMLSchema10(str(WS_XSD), allow="sandbox", defuse="always")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def validate_bytes(content: bytes) -> list[SchemaError]:
    """Every schema error of a document (empty: valid). Content that is not XML is one error
    at path `/`."""
    import xmlschema

    try:
        resource = xmlschema.XMLResource(io.BytesIO(content), defuse="always", allow="none")
        errors = []
        for error in schema().iter_errors(resource):
            reason = error.reason or error.message
            errors.append(SchemaError(error.path or "/", _one_line(reason)))
            if len(errors) >= MAX_ERRORS:
                break
        return errors
    except (ParseError, xmlschema.XMLSchemaException, ValueError) as exc:
        return [SchemaError("/", f"not XML: {_one_line(str(exc))}")]


def validate_file(path: Path) -> list[SchemaError]:
    """The schema errors of a file; a file that cannot be read is one error."""
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        return [SchemaError("/", f"cannot read the file: {exc.strerror or exc}")]
    return validate_bytes(content)


def verdict_lines(path: Path | str, errors: list[SchemaError]) -> list[str]:
    """`FILE: valid`, or one `FILE: <path>: <reason>` line per error."""
    if not errors:
        return [f"{path}: valid"]
    return [f"{path}: {error}" for error in errors]
