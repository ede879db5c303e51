"""What an API v2 study record is: its NCT id, its version, and the partial dates it carries.

The mirror refuses, and the flattener rejects, anything else with one message that names the
record (its NCT id, else its position and first keys) and says why: records of the retired
classic API, search pages stored as a study, studies without an NCT id.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


class CtgovRecordError(ValueError):
    """A record that is not an API v2 study; the message names it and says why."""


def aact_date(value: str | None) -> date | None:
    """AACT's `date` converter: `YYYY` → 31 Dec, `YYYY-MM` → the month's last day."""
    if not value:
        return None
    try:
        parts = value.split("-")
        if len(parts) == 1:
            return date(int(parts[0]), 12, 31)
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return date(year, month, calendar.monthrange(year, month)[1])
        return date.fromisoformat(value[:10])
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}") from exc


def aact_date_first_of_month(value: str | None) -> date | None:
    """AACT's converter for anticipated posting dates: `YYYY-MM` → the month's first day."""
    if value and len(value.split("-")) == 2:
        return aact_date(value).replace(day=1)
    return aact_date(value)


@dataclass(frozen=True)
class StudyVersion:
    nct_id: str
    last_update_post_date: date | None
    version_holder: date | None


def _legacy_nct_id(node: Any, depth: int = 0) -> str | None:
    """The `NCTId` somewhere in a classic-API document, to name it in the error."""
    if depth > 6:
        return None
    if isinstance(node, dict):
        if isinstance(node.get("NCTId"), str):
            return node["NCTId"]
        children: Iterable = node.values()
    elif isinstance(node, list):
        children = node[:3]
    else:
        return None
    for child in children:
        found = _legacy_nct_id(child, depth + 1)
        if found:
            return found
    return None


def check_record(study: Any, position: object = None) -> str:
    """The NCT id of an API v2 study record; anything else raises naming it and why."""
    where = f" at position {position}" if position is not None else ""
    if not isinstance(study, dict):
        raise CtgovRecordError(f"record{where}: not a JSON object but {type(study).__name__}")
    keys = ", ".join(list(study)[:4]) or "none"
    identification = (study.get("protocolSection") or {}).get("identificationModule") or {}
    nct_id = identification.get("nctId")
    if "protocolSection" not in study:
        if any(k[:1].isupper() for k in study):
            name = _legacy_nct_id(study) or f"with keys {keys}"
            raise CtgovRecordError(
                f"record {name}{where}: a record of the retired classic ClinicalTrials.gov API "
                f"(PascalCase {keys}), not an API v2 study; fetch it again from /api/v2/studies"
            )
        if "studies" in study:
            inside = study["studies"] if isinstance(study["studies"], list) else []
            ids = [
                ((s.get("protocolSection") or {}).get("identificationModule") or {}).get("nctId")
                for s in inside
                if isinstance(s, dict)
            ]
            named = [i for i in ids if isinstance(i, str)]
            holding = f", holding {', '.join(named[:5])}" if named else ""
            more = f" and {len(named) - 5} more" if len(named) > 5 else ""
            raise CtgovRecordError(
                f"record{where}: a search page (keys {keys}{holding}{more}), not one study"
            )
        raise CtgovRecordError(f"record{where} (keys {keys}): no protocolSection")
    if nct_id is not None and not isinstance(nct_id, str):
        raise CtgovRecordError(
            f"record{where}: protocolSection.identificationModule.nctId is not a string but "
            f"{json.dumps(nct_id)[:40]}"
        )
    if not isinstance(nct_id, str) or not nct_id.strip():
        title = identification.get("briefTitle")
        name = f"{title!r}" if title else f"with keys {keys}"
        raise CtgovRecordError(
            f"record {name}{where}: no protocolSection.identificationModule.nctId"
        )
    return nct_id


def study_version(study: Any, position: object = None) -> StudyVersion:
    """NCT id and version dates of an API v2 study record (else `CtgovRecordError`)."""
    nct_id = check_record(study, position)
    status = study["protocolSection"].get("statusModule") or {}
    misc = (study.get("derivedSection") or {}).get("miscInfoModule") or {}
    return StudyVersion(
        nct_id,
        aact_date_first_of_month((status.get("lastUpdatePostDateStruct") or {}).get("date")),
        aact_date_first_of_month(misc.get("versionHolder")),
    )
