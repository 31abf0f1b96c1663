"""The safety dossier of one person on one date, for the organisation department (组织部门) before a
promotion, an award or a nomination (常州 第十六、十七条; 河北 第十六至十八条).

It gathers the tenure history, duty compliance by year (from zeren.records, where it has been
computed), the accidents in the person's remit during tenure with their grades, the cases and the
measures decided, the inspection tours' findings naming the person as responsible with their
rectification (河北 第十四条), the restrictions in force with their end dates and articles — and answers, with
reasons and articles, whether the person may be promoted, awarded or nominated on that date.
zeren answers from what it holds; the organisation department decides.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from zeren.accidents.models import LeadershipResponsibility
from zeren.accidents.presentation import articles, grade_label
from zeren.assessments.selectors import PublishedResult, published_results
from zeren.cases.consequences import RestrictionRow, rows_for
from zeren.cases.labels import measure_label
from zeren.cases.models import Case, State, Subject
from zeren.cases.selectors import reward_restrictions
from zeren.commendations.eligibility import Candidate, person_eligibility
from zeren.org.bindings import policy_for
from zeren.org.models import Appointment, Person
from zeren.policy.model import Policy
from zeren.records.models import ComplianceRow
from zeren.tours.selectors import NamedFinding, findings_naming

BLOCKS = {
    "promotion": ("no_promotion", "no_leadership_post"),
    "award": ("no_excellence_or_award",),
    "nomination": (),
}
PROVISION_KINDS = {"promotion": "promotion_check", "award": "award_check", "nomination": "nomination_check"}
OPEN_STATES = (State.PROPOSED, State.INVESTIGATING, State.DETERMINED)


@dataclass
class Answer:
    question: str
    kind: str
    may: bool
    reasons: list[str] = field(default_factory=list)
    articles: list[dict[str, str]] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)


@dataclass
class YearCompliance:
    year: int
    met: int
    missed: int
    open: int
    not_applicable: int
    missed_items: list[str]


@dataclass
class AssessmentYear:
    """The published assessment result of the jurisdiction of a post the person held in a year."""

    year: int
    jurisdiction: str
    post: str
    result: PublishedResult | None


@dataclass
class Dossier:
    person: Person
    on: datetime.date
    policy: Policy | None
    tenures: list[Appointment]
    compliance: list[YearCompliance] | None
    compliance_note: str
    accidents: list[LeadershipResponsibility]
    subjects: list[Subject]
    in_force: list[RestrictionRow]
    restrictions: list[RestrictionRow]
    answers: list[Answer]
    assessments: list[AssessmentYear] = field(default_factory=list)
    commendations: list[Candidate] = field(default_factory=list)
    findings: list[NamedFinding] = field(default_factory=list)

    @property
    def report_years(self) -> list[int]:
        """The years of tenure up to the dossier's date, latest first (for the 述职 annexes)."""
        years: set[int] = set()
        for t in self.tenures:
            last = min(t.end, self.on) if t.end else self.on
            years.update(range(t.start.year, last.year + 1))
        return sorted(years, reverse=True)

    @property
    def accident_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "row": r,
                "accident": r.accident,
                "grade": grade_label(r.accident.grade),
                "post": r.post,
                "included": r.included,
            }
            for r in self.accidents
        ]

    @property
    def subject_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "subject": s,
                "case": s.case,
                "measures": [
                    measure_label(m.measure, m.sanction)
                    + (_(" (revoked %(day)s)") % {"day": m.revoked_on} if m.revoked_on else "")
                    for m in s.measures.all()
                ],
            }
            for s in self.subjects
        ]


def _compliance(person: Person, on: datetime.date) -> tuple[list[YearCompliance], str]:
    """Duty compliance by year from zeren.records (stored verdicts of the policy core), if present."""
    rows = ComplianceRow.objects.filter(person=person, period_start__lte=on)
    years: dict[int, YearCompliance] = {}
    for entry in rows.values("year", "status").annotate(n=Count("id")).order_by("year"):
        year = years.setdefault(entry["year"], YearCompliance(entry["year"], 0, 0, 0, 0, []))
        setattr(year, entry["status"], getattr(year, entry["status"], 0) + entry["n"])
    for row in rows.filter(status="missed").order_by("period_start")[:200]:
        if row.year in years:
            years[row.year].missed_items.append(f"{row.period} {row.obligation}")
    if not years:
        return [], _("No duty compliance has been computed for this person's posts yet.")
    return sorted(years.values(), key=lambda y: y.year), _("Computed by zeren.records from the performance records.")


def _answer(
    kind: str, question: str, rows: list[RestrictionRow], policy: Policy | None, open_cases: list[Case]
) -> Answer:
    blocking = [r for r in rows if r.restriction.kind in BLOCKS[kind]]
    provision_cites = [
        c for p in (policy.provisions if policy else ()) if p.kind == PROVISION_KINDS[kind] for c in p.cites
    ]
    answer = Answer(question=question, kind=kind, may=not blocking)
    for r in blocking:
        answer.reasons.append(str(r))
        answer.articles += [a for a in r.articles if a not in answer.articles]
    if not blocking:
        answer.reasons.append(_("No restriction recorded in zeren bars it on this date."))
    answer.articles += [a for a in articles(policy, provision_cites) if a not in answer.articles]
    for case in open_cases:
        answer.cautions.append(
            _("An accountability case concerning this person is open: %(case)s (%(state)s).")
            % {"case": case.number, "state": case.get_state_display()}
        )
    return answer


def dossier_for(person: Person, on: datetime.date) -> Dossier:
    policy = policy_for(person.jurisdiction, on)
    tenures = list(
        Appointment.objects.filter(person=person, start__lte=on)
        .select_related("post__body__jurisdiction")
        .order_by("start")
    )
    accidents = list(
        LeadershipResponsibility.objects.filter(person=person, accident__occurred_at__date__lte=on)
        .select_related("accident__jurisdiction", "post__body__jurisdiction")
        .order_by("-accident__occurred_at")
    )
    subjects = list(
        Subject.objects.filter(person=person, case__facts_date__lte=on)
        .select_related("case__jurisdiction", "post__body__jurisdiction")
        .prefetch_related("measures")
        .order_by("-case__facts_date")
    )
    every = rows_for(person, on)
    in_force = [r for r in every if r.in_force]
    open_cases = [s.case for s in subjects if s.case.state in OPEN_STATES]
    compliance, note = _compliance(person, on)
    answers = [
        _answer("promotion", _("May be promoted (提拔) on this date?"), in_force, policy, open_cases),
        _answer(
            "award", _("May be rated excellent or awarded (评优评先、奖励) on this date?"), in_force, policy, open_cases
        ),
        _answer(
            "nomination", _("May be nominated (人大代表、政协委员人选) on this date?"), in_force, policy, open_cases
        ),
    ]
    return Dossier(
        person,
        on,
        policy,
        tenures,
        compliance,
        note,
        accidents,
        subjects,
        in_force,
        every,
        answers,
        assessments=assessment_years(tenures, on),
        commendations=person_eligibility(person, on=on, restrictions=reward_restrictions),
        findings=findings_naming(person, on),
    )


def assessment_years(tenures: list[Appointment], on: datetime.date) -> list[AssessmentYear]:
    """Each year of each tenure up to ``on``, latest first, with the published result of the post's
    jurisdiction for that year (常州 第十四、十五条; 河北 第十六条): none where zeren holds none."""
    wanted: list[tuple[int, Appointment]] = []
    for t in tenures:
        last = min(t.end, on) if t.end else on
        wanted += [(year, t) for year in range(t.start.year, last.year + 1)]
    results = published_results({t.post.body.jurisdiction_id for _y, t in wanted}, {y for y, _t in wanted})
    rows = [
        AssessmentYear(
            year,
            t.post.body.jurisdiction.name,
            t.post.title,
            results.get((t.post.body.jurisdiction_id, year)),
        )
        for year, t in wanted
    ]
    return sorted(rows, key=lambda r: (-r.year, r.jurisdiction, r.post))
