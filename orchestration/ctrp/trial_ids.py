"""Which id a registered trial is addressed by in the service's URLs. The service takes a PA, NCI,
CTEP or DCP id for complete trials (`/trials/complete/{pa|nci|ctep|dcp}/{id}`) and a PA, NCI or
CTEP id for abbreviated ones (`/trials/abbreviated/{pa|nci|ctep}/{id}`); participating sites go
by the same ids (`/trials/{pa|nci|ctep|dcp}/{id}/sites`).

The ids come from the trial sheet (nci_id, pa_id, ctep_id, dcp_id) and from CTRP's earlier
confirmations (paTrialID, nciTrialID); the sheet wins. `update_by` in the sheet picks the type;
without it the NCI id is used, else the PA id. A trial counts as registered once CTRP has given
it an NCI or PA id, or the sheet says which id to update it by."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from orchestration.ctrp import vocabulary as v
from orchestration.ctrp.sheet import TrialEntry


@dataclass(frozen=True)
class Confirmed:
    """What CTRP's last confirmation of a trial said."""

    pa_trial_id: int | None = None
    nci_trial_id: str | None = None


@dataclass(frozen=True)
class TrialRef:
    """A trial as the service's URLs name it: `nci/NCI-2018-03030`."""

    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.kind}/{quote(self.value, safe='')}"


def known_ids(entry: TrialEntry, confirmed: Confirmed | None = None) -> dict[str, str]:
    """{id type: id} of every id the trial is known by."""
    confirmed = confirmed or Confirmed()
    pa = entry.pa_id or (str(confirmed.pa_trial_id) if confirmed.pa_trial_id else None)
    ids = {
        "nci": entry.nci_id or confirmed.nci_trial_id,
        "pa": pa,
        "ctep": entry.ctep_id,
        "dcp": entry.dcp_id,
    }
    return {kind: value for kind, value in ids.items() if value}


def is_registered(entry: TrialEntry, confirmed: Confirmed | None = None) -> bool:
    ids = known_ids(entry, confirmed)
    return bool(entry.update_by or "nci" in ids or "pa" in ids)


def trial_ref(entry: TrialEntry, confirmed: Confirmed | None = None) -> TrialRef | str | None:
    """The id to address the registered trial by; None when it is not registered, or why not
    (text) when the sheet's `update_by` names an id type the trial has no id of."""
    if not is_registered(entry, confirmed):
        return None
    ids = known_ids(entry, confirmed)
    accepted = v.ABBREVIATED_TRIAL_ID_TYPES if entry.mode == "abbreviated" else v.TRIAL_ID_TYPES
    if entry.update_by:
        if entry.update_by not in ids:
            confirmed_too = " and CTRP confirmed none" if entry.update_by in ("nci", "pa") else ""
            return (
                f"update_by is {entry.update_by}: the trial sheet has no {entry.update_by}_id"
                f"{confirmed_too}"
            )
        return TrialRef(entry.update_by, ids[entry.update_by])
    kind = next(kind for kind in ("nci", "pa") if kind in ids and kind in accepted)
    return TrialRef(kind, ids[kind])
