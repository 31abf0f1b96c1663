"""The tour cycle of a touring jurisdiction, judged by the core (:mod:`zeren.policy.tours`) from what is
stored: the targets are the party committees and governments of the jurisdictions directly below and
the departments of the jurisdiction itself; a target's tours are its :class:`~zeren.tours.models.Tour`
rows (counted on their first day). The pack is the one in force for the jurisdiction on ``as_of``
(zeren.org.bindings); cycles are judged from the binding's first day (or the pack's effective date,
whichever is later)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zeren.org.bindings import binding_for, registry
from zeren.org.models import Body, BodyKind, Jurisdiction
from zeren.policy.model import Policy
from zeren.policy.tours import TargetVerdict, TourCycleVerdict, evaluate_tour_cycle, parse_tour_cycle_facts
from zeren.tours.models import Tour

FACT_BODY = {
    BodyKind.PARTY_COMMITTEE: "party_committee",
    BodyKind.GOVERNMENT: "government",
    BodyKind.DEPARTMENT: "department",
}


@dataclass(frozen=True)
class CycleRow:
    body: Body
    verdict: TargetVerdict


@dataclass(frozen=True)
class Cycle:
    jurisdiction: Jurisdiction
    policy: Policy | None
    verdict: TourCycleVerdict | None
    rows: list[CycleRow]

    def of(self, *statuses: str) -> list[CycleRow]:
        return [r for r in self.rows if r.verdict.status in statuses]


def tour_cycle(jurisdiction: Jurisdiction, as_of: dt.date) -> Cycle:
    binding = binding_for(jurisdiction, as_of)
    if binding is None:
        return Cycle(jurisdiction, None, None, [])
    policy = registry().get(binding.pack_id)
    since = max(binding.valid_from, policy.effective)
    bodies = list(
        Body.objects.filter(jurisdiction__parent=jurisdiction, kind__in=[BodyKind.PARTY_COMMITTEE, BodyKind.GOVERNMENT])
        .select_related("jurisdiction")
        .order_by("jurisdiction__path", "kind", "code")
    ) + list(
        Body.objects.filter(jurisdiction=jurisdiction, kind=BodyKind.DEPARTMENT)
        .select_related("jurisdiction")
        .order_by("code")
    )
    tours = Tour.objects.filter(target__in=[b.pk for b in bodies]).values_list("target__code", "start")
    facts = parse_tour_cycle_facts(
        {
            "as_of": as_of.isoformat(),
            "since": since.isoformat(),
            "targets": [
                {
                    "id": b.code,
                    "body": FACT_BODY[BodyKind(b.kind)],
                    "level": "same" if b.jurisdiction_id == jurisdiction.pk else "below",
                    "name": b.name,
                }
                for b in bodies
            ],
            "tours": [{"target": code, "date": start.isoformat()} for code, start in tours],
        }
    )
    verdict = evaluate_tour_cycle(policy, facts)
    by_code = {b.code: b for b in bodies}
    return Cycle(jurisdiction, policy, verdict, [CycleRow(by_code[v.target], v) for v in verdict.items])
