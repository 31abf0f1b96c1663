"""One official's duty record of a year, for the annual 述职 (常州 第十五条; 河北 第十六条第二款: the
performance of safety duties is part of the annual duty report), as the organisation department's
dossier shows it and exports it as a .docx annex (附件) in the 公文 layout.

It gathers, for the year: the posts held, the published assessment result of each post's
jurisdiction, the duties performed (performance records credited to the person, by activity), the
duty-list verdicts (met, missed, still open), the accidents in the person's remit and the
accountability cases concerning them. zeren drafts from what it holds; the official writes the report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from zeren.accidents.models import LeadershipResponsibility
from zeren.accidents.presentation import articles, grade_label
from zeren.assessments.selectors import PublishedResult, published_results
from zeren.cases.labels import measure_label
from zeren.cases.models import Subject
from zeren.documents import Section, Table, date_text, gongwen_docx, heading_number
from zeren.org.bindings import policy_for
from zeren.org.models import Appointment, Person
from zeren.policy.model import Policy
from zeren.records.models import ComplianceRow, RecordCredit
from zeren.records.obligations import obligation_info
from zeren.records.vocabulary import ACTIVITY_LABELS

DOCUMENT_LANGUAGE = "zh-hans"


@dataclass
class ObligationYear:
    title: str
    articles: str
    met: int = 0
    missed: int = 0
    open: int = 0
    not_applicable: int = 0


@dataclass
class DutyRecord:
    person: Person
    year: int
    policy: Policy | None
    posts: list[Appointment]
    results: list[tuple[str, PublishedResult | None]]
    activities: list[tuple[str, int]]
    obligations: list[ObligationYear]
    accidents: list[LeadershipResponsibility]
    cases: list[tuple[Subject, list[str]]]
    basis: list[dict[str, str]] = field(default_factory=list)


def _basis(policy: Policy | None) -> list[dict[str, str]]:
    """The articles that put the performance of safety duties into the annual 述职 (the pack's
    assessment provisions that say 述职)."""
    if policy is None:
        return []
    cites = [
        c
        for p in policy.provisions
        if p.kind in ("assessment", "assessment_use") and "述职" in (p.summary or "")
        for c in p.cites
    ]
    return articles(policy, list(dict.fromkeys(cites)))


def duty_record(person: Person, year: int) -> DutyRecord:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    posts = list(
        Appointment.objects.filter(person=person, start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .select_related("post__body__jurisdiction")
        .order_by("start")
    )
    found = published_results({a.post.body.jurisdiction_id for a in posts}, [year])
    results: list[tuple[str, PublishedResult | None]] = []
    for a in posts:
        name = a.post.body.jurisdiction.name
        if name not in [r[0] for r in results]:
            results.append((name, found.get((a.post.body.jurisdiction_id, year))))
    activities = [
        (str(ACTIVITY_LABELS.get(row["activity"], row["activity"])), int(row["n"]))
        for row in RecordCredit.objects.filter(
            person=person, active=True, counts=True, occurred_on__gte=first, occurred_on__lte=last
        )
        .values("activity")
        .annotate(n=Count("id"))
        .order_by("-n", "activity")
    ]
    obligations: dict[str, ObligationYear] = {}
    rows = (
        ComplianceRow.objects.filter(person=person, year=year)
        .values("policy_id", "policy_version", "obligation", "status")
        .annotate(n=Count("id"))
        .order_by("obligation", "status")
    )
    for row in rows:
        title, cites = obligation_info(row["policy_id"], row["policy_version"], row["obligation"])
        entry = obligations.setdefault(title, ObligationYear(title, "、".join(c.label for c in cites)))
        if row["status"] in ("met", "missed", "open", "not_applicable"):
            setattr(entry, row["status"], getattr(entry, row["status"]) + int(row["n"]))
    accidents = list(
        LeadershipResponsibility.objects.filter(
            person=person, included=True, accident__occurred_at__date__gte=first, accident__occurred_at__date__lte=last
        )
        .select_related("accident", "post")
        .order_by("accident__occurred_at")
    )
    subjects = list(
        Subject.objects.filter(person=person, case__facts_date__gte=first, case__facts_date__lte=last)
        .select_related("case")
        .prefetch_related("measures")
        .order_by("case__facts_date")
    )
    cases = [
        (s, [measure_label(m.measure, m.sanction) for m in s.measures.all() if m.revoked_on is None]) for s in subjects
    ]
    policy = policy_for(person.jurisdiction, last)
    return DutyRecord(
        person, year, policy, posts, results, activities, list(obligations.values()), accidents, cases, _basis(policy)
    )


def duty_report_docx(record: DutyRecord, *, today: datetime.date) -> bytes:
    """The 述职 annex: what the official did for safety in the year, in the words an office writes."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _docx(record, today)


def _docx(record: DutyRecord, today: datetime.date) -> bytes:
    first, last = datetime.date(record.year, 1, 1), datetime.date(record.year, 12, 31)
    intro = _(
        "This annex sets out, from the records held, how the official performed the duties of safety "
        "production in %(year)s, for the annual duty report."
    ) % {"year": f"{record.year}年"}
    if record.basis:
        intro += _("Basis: %(labels)s.") % {"labels": "、".join(a["label"] for a in record.basis)}
    posts = [
        _("%(post)s, from %(start)s to %(end)s.")
        % {
            "post": f"{a.post.body.jurisdiction.name}{a.post.title}",
            "start": date_text(max(a.start, first)),
            "end": date_text(min(a.end, last)) if a.end else date_text(last),
        }
        for a in record.posts
    ] or [_("No post held in the year is recorded.")]
    results = [
        _("%(region)s: %(grade)s.")
        % {
            "region": name,
            "grade": (
                r.grade_label
                + (_(" (score %(score)s)") % {"score": r.normalised_score} if r.normalised_score is not None else "")
                if r is not None
                else _("no published result")
            ),
        }
        for name, r in record.results
    ] or [_("No published result.")]
    activities: list[str | Table] = (
        [
            Table(
                headers=[_("Duty performed"), _("Times")],
                rows=[[label, str(n)] for label, n in record.activities],
                widths_mm=[120, 36],
            )
        ]
        if record.activities
        else [_("No performance record is credited to the official in the year.")]
    )
    obligations: list[str | Table] = (
        [
            Table(
                headers=[_("Duty"), _("Periods met"), _("Periods missed"), _("Periods still open")],
                rows=[[o.title, str(o.met), str(o.missed), str(o.open)] for o in record.obligations],
                widths_mm=[84, 24, 24, 24],
            )
        ]
        if record.obligations
        else [_("No duty compliance has been computed for this person's posts yet.")]
    )
    accidents: list[str | Table] = [
        _("%(day)s, %(title)s (%(grade)s), then %(post)s.")
        % {
            "day": date_text(r.accident.occurred_on),
            "title": r.accident.title,
            "grade": grade_label(r.accident.grade),
            "post": r.post.title,
        }
        for r in record.accidents
    ] or [_("No accident in the official's remit is recorded for the year.")]
    cases: list[str | Table] = [
        f"{s.case.number}，{s.case.title}（{s.case.get_state_display()}）："
        + ("；".join(measures) if measures else _("no measure"))
        + "。"
        for s, measures in record.cases
    ] or [_("No accountability case concerning the official is recorded for the year.")]
    sections = [
        Section(None, [intro]),
        Section(heading_number(1) + _("Posts held"), list(posts)),
        Section(heading_number(2) + _("Assessment result of the jurisdiction"), list(results)),
        Section(heading_number(3) + _("Duties performed"), activities),
        Section(heading_number(4) + _("Duty list: periods met and missed"), obligations),
        Section(heading_number(5) + _("Accidents in the remit"), accidents),
        Section(heading_number(6) + _("Accountability concerning the official"), cases),
        Section(
            None, [_("Drawn from the records held, for the official's annual duty report; the official completes it.")]
        ),
    ]
    return gongwen_docx(
        title=_("Performance of safety-production duties by %(name)s in %(year)s")
        % {"name": record.person.name, "year": f"{record.year}年"},
        sections=sections,
        date=today,
        staff_note=_("Policy %(policy)s %(version)s")
        % {
            "policy": record.policy.id if record.policy else "",
            "version": record.policy.version if record.policy else "",
        },
    )
