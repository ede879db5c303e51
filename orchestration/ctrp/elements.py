"""The XML of a CTRP request, element by element in the order the writer is told (the schema's),
with the problem of each value that is missing or too long named by the element, so a document
that cannot be sent says why."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from orchestration.ctrp import vocabulary as v
from orchestration.ctrp.sheet import Grant, IndIde, PartyId
from orchestration.ctrp.validate import NAMESPACE

ET.register_namespace("tns", NAMESPACE)


def boolean(value: bool) -> str:
    return "true" if value else "false"


class Writer:
    """Appends elements to `root` (None: a request without a body); problems start with
    `prefix` (the NCT id, and the site for a site's request)."""

    def __init__(self, prefix: str, root: str | None):
        self.prefix = prefix
        self.root = ET.Element(f"{{{NAMESPACE}}}{root}") if root else None
        self.problems: list[str] = []
        self.elements: set[str] = set()  # those a problem names

    def problem(self, element: str, message: str) -> None:
        self.elements.update((element, element.rsplit("/", 1)[-1]))
        self.problems.append(f"{self.prefix}: {element}: {message}")

    def add(self, name: str, text: str | None = None, parent=None, **attributes) -> ET.Element:
        node = ET.SubElement(self.root if parent is None else parent, f"{{{NAMESPACE}}}{name}")
        node.attrib.update(attributes)
        if text is not None:
            node.text = text
        return node

    def text(self, name: str, value: str | None, missing: str | None = None, parent=None) -> None:
        """An element with text; absent when `value` is empty, or a problem when `missing`
        says why it is needed. Length limits are checked."""
        if value is None or not str(value).strip():
            if missing:
                self.problem(name, missing)
            return
        value = str(value).strip()
        limit = v.MAX_LENGTHS.get(name)
        if limit and len(value) > limit:
            shown = value if len(value) <= 40 else value[:40] + "…"
            self.problem(name, f"{len(value)} characters ({shown!r}), CTRP allows {limit}")
            return
        self.add(name, value, parent)

    def day(self, name: str, value: date | None, kind: str | None, missing: str | None) -> None:
        if value is None:
            if missing:
                self.problem(name, missing)
            return
        if kind is None:
            self.add(name, value.isoformat())
        else:
            self.add(name, value.isoformat(), type=kind)

    def party(
        self, name: str, child: str, party: PartyId | None, sheet_key: str, parent=None
    ) -> None:
        if party is None:
            self.problem(name, f"no id in the trial sheet ({sheet_key}: po:<id> or ctep:<id>)")
            return
        holder = self.add(child, parent=self.add(name, parent=parent))
        self.add("poID" if party.kind == "po" else "ctepID", party.value, parent=holder)

    def grants(self, grants: tuple[Grant, ...]) -> None:
        for grant in grants:
            node = self.add("grant")
            self.add("fundingMechanism", grant.funding_mechanism, node)
            self.add("nihInstitutionCode", grant.nih_institution_code, node)
            self.add("serialNumber", grant.serial_number, node)
            self.add("nciDivisionProgramCode", grant.nci_division_program_code, node)
            if grant.funding_percentage is not None:
                self.add("fundingPercentage", f"{grant.funding_percentage:g}", node)

    def ind_ide(self, items: tuple[IndIde, ...]) -> None:
        for kind in ("IND", "IDE"):  # the schema wants every ind before any ide
            for item in (i for i in items if i.type == kind):
                node = self.add(kind.lower())
                self.add("number", item.number, node)
                self.add("grantor", item.grantor, node)
                self.add("holderType", item.holder_type, node)
                if item.nih_institution:
                    self.add("nihInstitution", item.nih_institution, node)
                if item.nci_division_program_code:
                    self.add("nciDivisionProgramCode", item.nci_division_program_code, node)
                self.add("expandedAccess", boolean(item.expanded_access), node)
                if item.expanded_access_type:
                    self.add("expandedAccessType", item.expanded_access_type, node)
                self.add("exempt", boolean(item.exempt), node)

    def document(self, name: str, path: Path | None, sheet_key: str | None) -> None:
        """A file embedded as base64; a problem when it is needed (`sheet_key` given) and not
        named, or named and unreadable."""
        if path is None:
            if sheet_key:
                self.problem(name, f"no file in the trial sheet (documents: {sheet_key})")
            return
        try:
            content = path.read_bytes()
        except OSError as exc:
            self.problem(name, f"cannot read {path}: {exc.strerror or exc}")
            return
        self.add(name, base64.b64encode(content).decode("ascii"), filename=path.name)

    def content(self) -> bytes:
        ET.indent(self.root, space="  ")
        text = ET.tostring(self.root, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()
