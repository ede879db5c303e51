"""One study of the live warehouse on one screen (`./warehouse trial NCT…`): title, status, phase,
dates, conditions with their MeSH descriptors, interventions by arm, primary outcomes and the
source its record came from.

The trial's facts come from the marts (`dim_trials`); its conditions, arms and outcomes from the
intermediate models the marts are built of (`int_trial_conditions`, `int_registry__*`: the rows
of the source that won the study), since no mart keeps a study's arms or its conditions without
drugs. The store's own connection reads them (on PostgreSQL the warehouse's user: the reader
role sees only the marts)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

NCT_ID = re.compile(r"NCT\d{8}")

QueryWithColumns = Callable[[str], tuple[list[str], list[tuple]]]

TRIAL_SQL = """
select nct_id, brief_title, study_type, overall_status, phase, enrollment, enrollment_type,
       start_date, start_date_type, primary_completion_date, primary_completion_date_type,
       completion_date, completion_date_type, lead_sponsor_name, lead_sponsor_class,
       has_results, last_update_posted_date, record_source
from marts.dim_trials where nct_id = '{nct_id}'
"""
CONDITIONS_SQL = """
select condition_name, condition_mesh_id, condition_mesh_term
from intermediate.int_trial_conditions where nct_id = '{nct_id}'
order by condition_name collate "C"
"""
ARMS_SQL = """
select * from (
select arms.design_group_id, arms.design_group_title, arms.arm_role,
       interventions.intervention_name, interventions.intervention_type_code
from intermediate.int_registry__interventions as interventions
left join intermediate.int_registry__design_group_interventions as links
    on links.intervention_id = interventions.intervention_id
left join intermediate.int_registry__design_groups as arms
    on arms.design_group_id = links.design_group_id
where interventions.nct_id = '{nct_id}'
union all
select arms.design_group_id, arms.design_group_title, arms.arm_role, null, null
from intermediate.int_registry__design_groups as arms
where arms.nct_id = '{nct_id}' and not exists (
    select 1 from intermediate.int_registry__design_group_interventions as links
    where links.design_group_id = arms.design_group_id)
) as arm_rows
order by design_group_id nulls last, intervention_name collate "C"
"""
# the primary outcomes registered in the protocol (design_outcomes), else (an AACT export
# without that table) those of the posted results; `registered` says which
OUTCOMES_SQL = """
select measure, time_frame, true as registered
from intermediate.int_registry__design_outcomes
where nct_id = '{nct_id}' and outcome_type = 'PRIMARY'
union all
select outcome_title, time_frame, false
from intermediate.int_registry__outcomes
where nct_id = '{nct_id}' and upper(outcome_type) = 'PRIMARY' and not exists (
    select 1 from intermediate.int_registry__design_outcomes
    where nct_id = '{nct_id}' and outcome_type = 'PRIMARY')
order by 3 desc, 1
"""


class TrialNotFound(LookupError):
    """The NCT id is malformed, or the live warehouse does not hold that study."""


@dataclass
class TrialCard:
    trial: dict
    conditions: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    arms: dict[str, list[str]] = field(default_factory=dict)  # arm → "name (TYPE)"
    unarmed: list[str] = field(default_factory=list)  # interventions in no arm: "name (TYPE)"
    # (title, time frame, registered in the protocol rather than taken from posted results)
    primary_outcomes: list[tuple[str, str | None, bool]] = field(default_factory=list)

    def lines(self) -> list[str]:
        t = self.trial
        enrollment = "-"
        if t["enrollment"] is not None:
            kind = f" ({t['enrollment_type']})" if t["enrollment_type"] else ""
            enrollment = f"{t['enrollment']:,}{kind}"
        sponsor_class = f" ({t['lead_sponsor_class']})" if t["lead_sponsor_class"] else ""
        fields = {
            "status": t["overall_status"] or "-",
            "phase": f"{t['phase'] or '-'} ({t['study_type'] or 'study type not given'})",
            "enrollment": enrollment,
            "start": _dated(t["start_date"], t["start_date_type"]),
            "primary completion": _dated(
                t["primary_completion_date"], t["primary_completion_date_type"]
            ),
            "completion": _dated(t["completion_date"], t["completion_date_type"]),
            "lead sponsor": f"{t['lead_sponsor_name'] or '-'}{sponsor_class}",
            "record source": f"{t['record_source']} (last update posted "
            f"{t['last_update_posted_date'] or '-'})",
        }
        lines = [f"{t['nct_id']}  {one_line(t['brief_title'] or '(no title)')}"]
        lines += [f"  {label:<19} {one_line(value)}" for label, value in fields.items()]
        lines.append(f"  conditions ({len(self.conditions)}):")
        for name, mesh_id, mesh_term in self.conditions:
            if not mesh_term:
                mesh = "no MeSH descriptor"
            elif mesh_id:
                mesh = f"MeSH {mesh_id} {mesh_term}"
            else:  # AACT names browse terms without ids; the loaded MeSH does not have this one
                mesh = f"MeSH {mesh_term}, its id not in the loaded MeSH vocabulary"
            lines.append(f"    {one_line(name)}  [{mesh}]")
        lines.append(f"  arms ({len(self.arms)}):" if self.arms else "  arms: none recorded")
        for arm, interventions in self.arms.items():
            given = ", ".join(one_line(i) for i in interventions) or "no intervention"
            lines.append(f"    {one_line(arm)}: {given}")
        if self.unarmed:
            given = ", ".join(one_line(i) for i in self.unarmed)
            lines.append(f"  interventions in no arm ({len(self.unarmed)}): {given}")
        count = len(self.primary_outcomes)
        if any(registered for _, _, registered in self.primary_outcomes):
            lines.append(f"  primary outcomes ({count}):")
        elif self.primary_outcomes:
            lines.append(
                f"  primary outcomes ({count}, of the posted results: none in the registered "
                "outcomes):"
            )
        else:  # the export may lack design_outcomes (the sample's AACT studies do)
            posted = " or in the posted results" if t["has_results"] else ""
            lines.append(f"  primary outcomes: none in the registered outcomes{posted}")
        for title, time_frame, _ in self.primary_outcomes:
            frame = f" (time frame: {one_line(time_frame)})" if time_frame else ""
            lines.append(f"    {one_line(title)}{frame}")
        return lines


def trial_card(query: QueryWithColumns, nct_id: str) -> TrialCard:
    """The card of `nct_id` from the live warehouse that `query` reads."""
    given, nct_id = nct_id, nct_id.strip().upper()
    if not NCT_ID.fullmatch(nct_id):
        raise TrialNotFound(f"{given!r} is not an NCT id (NCT and 8 digits, e.g. NCT03590054)")
    columns, rows = query(TRIAL_SQL.format(nct_id=nct_id))
    if not rows:
        raise TrialNotFound(f"{nct_id} is not in the live warehouse")
    card = TrialCard(dict(zip(columns, rows[0], strict=True)))
    card.conditions = list(query(CONDITIONS_SQL.format(nct_id=nct_id))[1])
    for arm_id, title, group_type, name, kind in query(ARMS_SQL.format(nct_id=nct_id))[1]:
        given = f"{name} ({kind})" if kind else name
        if arm_id is None:
            card.unarmed.append(given)
            continue
        arm = f"{group_type}: {title}" if group_type and title else title or "(untitled arm)"
        interventions = card.arms.setdefault(arm, [])
        if name is not None:
            interventions.append(given)
    card.primary_outcomes = list(query(OUTCOMES_SQL.format(nct_id=nct_id))[1])
    return card


def one_line(text) -> str:
    """A value on the card's one line: its line breaks and runs of spaces as one space."""
    return " ".join(str(text).split())


def _dated(value, kind: str | None) -> str:
    if value is None:
        return "-"
    return f"{value} ({kind})" if kind else str(value)
