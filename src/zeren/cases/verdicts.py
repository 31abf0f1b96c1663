"""The engine's verdict for one official on a case, and the check of the measures a decider chooses.

The facts document is docs/contracts.md's; the policy is the one in force on the date of the facts in the
case's jurisdiction (stored on the case as id + version). zeren computes what the law allows; the
deciding body decides, and may only choose what the verdict allows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.assessments.selectors import PublishedResult, published_result
from zeren.cases.models import Case, Subject
from zeren.org.bindings import registry
from zeren.org.models import Appointment
from zeren.policy.accountability import evaluate_accountability
from zeren.policy.facts import FactsError, parse_accountability_facts
from zeren.policy.model import Policy
from zeren.policy.vocabulary import CIRCUMSTANCES, MEASURES, SANCTIONS
from zeren.problems import Problems

FACT_FLAGS = (
    "remedial_measures",
    "enterprise_evasion",
    "losses_expanded_by_poor_work",
    "serious_social_impact",
    "egregious",
    "fully_performed_duties",
    "risk_assessed_decision_without_direct_causation",
    "minor",
    "suspected_crime",
)
ASSESSMENTS = ("excellent", "good", "average", "poor")
LIGHTER_MEASURES = ("explanation", "written_self_criticism")


def policy_of(case: Case) -> Policy:
    return registry().get(case.policy_id)


def status_now(appointment: Appointment | None, person_id: int, today: datetime.date) -> str:
    """in_post while the person still holds the post; else how the tenure ended."""
    if appointment is None:
        return "in_post"
    if appointment.end is None or appointment.end >= today:
        return "in_post"
    still = Appointment.objects.filter(person_id=person_id, start__lte=today).exclude(end__lt=today)
    if appointment.end_reason == "retired" and not still.exists():
        return "retired"
    if appointment.end_reason == "promoted":
        return "promoted"
    return "transferred"


@dataclass(frozen=True)
class PreviousYear:
    """ "上年度安全生产综合考核" for an official on a case (常州 第二十五条(三); reading
    ``cz-previous-year-excellent``: the year before the accident): the published result of the region
    the official's post belongs to, or — only where zeren holds none — the grade typed on the case,
    marked as entered by hand (人工录入)."""

    year: int
    jurisdiction_name: str
    grade: str | None
    source: str
    """``published`` (zeren's stored result), ``by_hand`` (typed: zeren holds none) or ``none``."""
    result: PublishedResult | None = None


def previous_year(subject: Subject) -> PreviousYear:
    case = subject.case
    day = case.accident.occurred_on if case.accident is not None else case.facts_date
    jurisdiction = subject.post.body.jurisdiction
    year = day.year - 1
    result = published_result(jurisdiction, year)
    if result is not None:
        return PreviousYear(year, jurisdiction.name, result.grade, "published", result)
    typed = (subject.facts or {}).get("previous_year_assessment") or None
    return PreviousYear(year, jurisdiction.name, typed, "by_hand" if typed else "none")


def facts_document(
    subject: Subject, *, decided: list[dict[str, Any]] | None = None, as_of: datetime.date | None = None
) -> dict[str, Any]:
    case = subject.case
    post = subject.post
    doc: dict[str, Any] = {
        "official": {
            "role": post.role,
            "level": post.level,
            "department_kind": post.department_kind,
            "status": subject.status,
        },
        "circumstances": list(subject.circumstances),
        "facts": {
            k: v
            for k, v in (subject.facts or {}).items()
            if v not in (None, "", False) and k != "previous_year_assessment"
        },
        "as_of": (as_of or timezone.localdate()).isoformat(),
    }
    grade = previous_year(subject).grade
    if grade:
        doc["facts"]["previous_year_assessment"] = grade
    if subject.responsibility:
        doc["responsibility"] = subject.responsibility
    if case.accident is not None:
        a = case.accident
        doc["accident"] = {
            "occurred_at": a.occurred_at.isoformat(),
            "deaths": a.graded_deaths,
            "serious_injuries": a.graded_serious_injuries,
            "direct_loss_yuan": a.direct_loss_yuan,
        }
    if decided:
        doc["decided"] = decided
    return doc


def evaluate(
    subject: Subject, *, decided: list[dict[str, Any]] | None = None, as_of: datetime.date | None = None
) -> dict[str, Any]:
    """The verdict for ``subject`` (raises :class:`~zeren.problems.Problems` when the facts do not fit)."""
    if not subject.circumstances:
        raise Problems([_("Choose at least one ground (circumstance) to see the verdict.")])
    try:
        facts = parse_accountability_facts(facts_document(subject, decided=decided, as_of=as_of))
    except FactsError as exc:
        raise Problems(exc.problems) from None
    return evaluate_accountability(policy_of(subject.case), facts).as_dict()


def clean_facts(raw: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {flag: bool(raw.get(flag)) for flag in FACT_FLAGS}
    assessment = raw.get("previous_year_assessment") or None
    if assessment is not None and assessment not in ASSESSMENTS:
        raise Problems([_("Unknown assessment grade for the previous year.")])
    facts["previous_year_assessment"] = assessment
    return facts


def clean_circumstances(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in CIRCUMSTANCES]
    if unknown:
        raise Problems([_("Unknown ground: %(value)s") % {"value": ", ".join(unknown)}])
    return list(dict.fromkeys(values))


def measure_problems(
    policy: Policy, verdict: dict[str, Any], chosen: list[tuple[str, str]], person_name: str
) -> list[str]:
    """Why the chosen (measure, sanction) pairs are refused under ``policy`` and this verdict; empty
    when every one is allowed."""
    from zeren.cases.labels import measure_label

    problems: list[str] = []
    acc = policy.accountability
    if not chosen:
        return problems
    if not verdict.get("accountable"):
        return [
            _(
                "%(person)s: under %(policy)s the official is not held accountable on these facts, "
                "so no measure can be decided."
            )
            % {"person": person_name, "policy": policy.title}
        ]
    allowed = {m["measure"] for m in verdict.get("measures_allowed", [])}
    has_lighter_path = bool(acc and acc.lighter_path)
    for measure, sanction in chosen:
        label = measure_label(measure)
        if measure not in MEASURES:
            problems.append(_("%(person)s: unknown measure %(measure)s.") % {"person": person_name, "measure": measure})
        elif measure in LIGHTER_MEASURES and not has_lighter_path:
            problems.append(
                _("%(person)s: %(policy)s has no lighter path: “%(measure)s” is not a measure it provides.")
                % {"person": person_name, "policy": policy.title, "measure": label}
            )
        elif measure in LIGHTER_MEASURES and measure not in allowed:
            cites = ", ".join(policy.cite(c).label for c in verdict.get("lighter_path", {}).get("cites", []))
            problems.append(
                _(
                    "%(person)s: “%(measure)s” is only for cases found minor (%(cites)s); these facts are not, "
                    "and it may not replace a measure."
                )
                % {"person": person_name, "measure": label, "cites": cites}
            )
        elif measure not in allowed:
            problems.append(
                _("%(person)s: %(policy)s does not provide “%(measure)s” on these facts.")
                % {"person": person_name, "policy": policy.title, "measure": label}
            )
        if measure == "discipline" and not sanction:
            problems.append(_("%(person)s: choose the kind of discipline sanction.") % {"person": person_name})
        if sanction and (measure != "discipline" or sanction not in SANCTIONS):
            problems.append(_("%(person)s: a sanction goes only with a discipline measure.") % {"person": person_name})
    if len(set(chosen)) != len(chosen):
        problems.append(_("%(person)s: each measure may be chosen once.") % {"person": person_name})
    return problems
