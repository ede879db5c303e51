"""The sentences of CTRP's schema annotations (the `documentation` of ws.xsd and po.xsd), located
by the types and elements they annotate, read mechanically so the rule table
(orchestration/ctrp/rules.py) can be compared with the schemas: a sentence that says "required",
"must" or "only" states a rule."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from orchestration.ctrp.validate import SCHEMA_DIR

XS = "{http://www.w3.org/2001/XMLSchema}"
TRIGGER = re.compile(r"\b(required|must|only)\b", re.IGNORECASE)
SCHEMAS = ("ws.xsd", "po.xsd")


@dataclass(frozen=True)
class Annotation:
    """One sentence of a schema annotation (`documentation`), where it is."""

    schema: str
    location: str
    sentence: str


def schema_annotations(schema_dir: Path = SCHEMA_DIR) -> list[Annotation]:
    """Every sentence of every annotation of ws.xsd and po.xsd, located by the names of the
    enclosing types and elements (`CompleteTrialAmendment/changeMemoDocument`)."""
    found = []
    for schema in SCHEMAS:
        root = ET.parse(schema_dir / schema).getroot()
        parents = {child: parent for parent in root.iter() for child in parent}
        for documentation in root.iter(f"{XS}documentation"):
            owner = parents[parents[documentation]]
            names, node = [], owner
            while node is not root:
                name = node.get("name") or (node.get("ref") or "").rsplit(":", 1)[-1]
                if name:
                    names.append(name)
                elif node is owner and node.tag == f"{XS}choice":
                    names.append("(choice)")
                node = parents[node]
            text = re.sub(r"\s+", " ", documentation.text or "").strip()
            for sentence in re.split(r"(?<=[.!?])\s*(?=[A-Z'\"])", text):
                if sentence:
                    found.append(Annotation(schema, "/".join(reversed(names)), sentence))
    return found


def rule_sentences(schema_dir: Path = SCHEMA_DIR) -> list[Annotation]:
    """The annotation sentences that state a rule: "required", "must" or "only"."""
    return [a for a in schema_annotations(schema_dir) if TRIGGER.search(a.sentence)]
