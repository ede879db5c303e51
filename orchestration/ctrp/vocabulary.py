"""CTRP's words and limits, as its schema (ws.xsd) writes them: the sheet accepts exactly the
values CTRP accepts, and a document that would exceed a length limit is stopped with the element
named, before the service refuses it."""

from __future__ import annotations

import re
from functools import cache

from orchestration.ctrp.validate import schema

MODES = ("abbreviated", "complete")
# The ids a trial is addressed by in the service's URLs (/trials/complete/{pa|nci|ctep|dcp}/{id});
# its documentation lists no DCP path for abbreviated trials.
TRIAL_ID_TYPES = ("nci", "pa", "ctep", "dcp")
ABBREVIATED_TRIAL_ID_TYPES = ("nci", "pa", "ctep")

# Lengths CTRP's schema allows (xs:maxLength of the element's own type in ws.xsd).
MAX_LENGTHS = {
    "leadOrgTrialID": 30,
    "title": 4000,
    "whyStopped": 160,
    "otherTrialID": 255,
    "primaryPurposeOtherDescription": 200,
    "trialOwner": 254,
    "amendmentNumber": 200,
    "studyModelCodeOtherDescription": 200,
    "timePerspectiveCodeOtherDescription": 200,
}
# Trial statuses CTRP accepts only with the reason the trial stopped (whyStopped's annotation).
STOPPED_STATUSES = (
    "Administratively Complete",
    "Withdrawn",
    "Temporarily Closed to Accrual",
    "Temporarily Closed to Accrual and Intervention",
)

NCT_ID = re.compile(r"NCT\d{8}")
NCI_ID = re.compile(r"NCI-\d{4}-\d{1,8}")  # TrialRegistrationConfirmation/nciTrialID
PO_ID = re.compile(r"po:(\d{1,18})")  # poID is an xs:long
CTEP_ID = re.compile(r"ctep:(\S+)")
PA_TRIAL_ID = re.compile(r"\d{1,18}")  # TrialRegistrationConfirmation/paTrialID (xs:long)
# A trial's CTEP or DCP id: it goes into the service's URL as one path segment.
TRIAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
PROGRAM_CODE = re.compile(r"[^;\s](?:[^;]*[^;\s])?")  # programCode lists codes with ";"
EMAIL = re.compile(r"[_\-a-zA-Z0-9\.\+]+@[a-zA-Z0-9](\.?[\-a-zA-Z0-9]*[a-zA-Z0-9])*")
FUNDING_MECHANISM = re.compile(r"[A-Z0-9]{3}")
NIH_INSTITUTION_CODE = re.compile(r"[A-Z]{2}")
SERIAL_NUMBER = re.compile(r"[0-9]{1,200}")


@cache
def enumeration(type_name: str) -> tuple[str, ...]:
    """The values of one of ws.xsd's named enumerations (TrialCategory, PrimaryPurpose, …)."""
    simple_type = schema().types[type_name]
    values = simple_type.enumeration
    if not values:
        raise KeyError(f"ws.xsd: {type_name} is not an enumeration")
    return tuple(values)
