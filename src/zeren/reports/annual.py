"""The yearly report upward (常州 第十一条第二款: 辖市、区政府每年向市政府报告安全生产工作时，同时报告落实
党政领导干部安全生产责任制情况; 河北 第九条(六): 每年报告履职情况，并报上一级安全生产委员会备案),
drafted from what zeren holds for a jurisdiction and a year, as a .docx the office edits and sends.

It draws on every app (duty verdicts, accidents, cases, assessment results), so it sits above them
all in the layers. Nothing is stored: the draft is written from the data when it is asked for.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from zeren.accidents.models import Accident
from zeren.accidents.presentation import articles, grade_label
from zeren.assessments.selectors import PublishedResult, published_results
from zeren.cases.models import Case, DecidedMeasure
from zeren.documents import Section, Table, gongwen_docx, heading_number
from zeren.org.bindings import policy_for
from zeren.org.models import Appointment, Jurisdiction
from zeren.policy.model import Policy
from zeren.policy.vocabulary import GRADES
from zeren.records.models import ComplianceRow
from zeren.records.obligations import obligation_info

DOCUMENT_LANGUAGE = "zh-hans"
REPORT_TOPICS = ("annual_report_to_higher_government", "sector_duty_report")
"""The duties of the packs that are this yearly report (常州 第十一条第二款; 河北 第九条(六))."""


@dataclass
class AnnualReport:
    jurisdiction: Jurisdiction
    year: int
    policy: Policy | None
    officials: int
    compliance: dict[str, int]
    worst: list[tuple[str, int]]
    accidents: list[tuple[str, int, int]]
    """(grade label, number, deaths), heaviest grade first; only grades that occurred."""
    cases: dict[str, int]
    own_result: PublishedResult | None
    results: list[tuple[str, PublishedResult]]
    basis: list[dict[str, str]] = field(default_factory=list)

    @property
    def recipient(self) -> str:
        parent = self.jurisdiction.parent
        return f"{parent.name}人民政府" if parent is not None else ""


def _in(j: Jurisdiction, lookup: str) -> Q:
    return Q(**{f"{lookup}__path__startswith": j.path})


def annual_report(jurisdiction: Jurisdiction, year: int) -> AnnualReport:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    policy = policy_for(jurisdiction, last)
    officials = (
        Appointment.objects.filter(_in(jurisdiction, "post__body__jurisdiction"), start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .exclude(post__body__kind="department")
        .values("person_id")
        .distinct()
        .count()
    )
    rows = ComplianceRow.objects.filter(_in(jurisdiction, "jurisdiction"), year=year)
    compliance = {r["status"]: int(r["n"]) for r in rows.values("status").annotate(n=Count("id"))}
    worst = []
    for r in (
        rows.filter(status="missed")
        .values("policy_id", "policy_version", "obligation")
        .annotate(n=Count("id"))
        .order_by("-n", "obligation")[:5]
    ):
        title, _cites = obligation_info(r["policy_id"], r["policy_version"], r["obligation"])
        worst.append((title, int(r["n"])))
    by_grade = {
        r["grade"]: (int(r["n"]), int(r["deaths"] or 0))
        for r in Accident.objects.filter(_in(jurisdiction, "jurisdiction"), occurred_at__year=year)
        .values("grade")
        .annotate(n=Count("id"), deaths=Sum("deaths"))
    }
    accidents = [(grade_label(g), *by_grade[g]) for g in reversed(GRADES) if g in by_grade]
    cases_qs = Case.objects.filter(_in(jurisdiction, "jurisdiction"), facts_date__gte=first, facts_date__lte=last)
    cases = {
        "opened": cases_qs.count(),
        "decided": cases_qs.exclude(decided_on__isnull=True).count(),
        "officials": DecidedMeasure.objects.filter(subject__case__in=cases_qs, revoked_on__isnull=True)
        .values("subject__person_id")
        .distinct()
        .count(),
    }
    children = list(Jurisdiction.objects.filter(parent=jurisdiction).order_by("path"))
    found = published_results([jurisdiction, *children], [year])
    results = [(c.name, found[(c.pk, year)]) for c in children if (c.pk, year) in found]
    basis: list[dict[str, str]] = []
    if policy is not None:
        cites = [c for d in policy.duties if d.topic in REPORT_TOPICS for c in d.cites]
        basis = articles(policy, list(dict.fromkeys(cites)))
    return AnnualReport(
        jurisdiction,
        year,
        policy,
        officials,
        compliance,
        worst,
        accidents,
        cases,
        found.get((jurisdiction.pk, year)),
        results,
        basis,
    )


def annual_report_docx(report: AnnualReport, *, today: datetime.date) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        return _docx(report, today)


def _docx(r: AnnualReport, today: datetime.date) -> bytes:
    year = f"{r.year}年"
    name = r.jurisdiction.name
    opening = _(
        "As required by %(basis)s, we report on how the responsibility system for the safety production of "
        "party and government officials was carried out in %(name)s in %(year)s:"
    ) % {"basis": "、".join(a["label"] for a in r.basis) or _("the rules"), "name": name, "year": year}
    c = r.compliance
    periods = sum(c.values())
    duties: list[str | Table] = [
        _("%(n)s officials of the party committees and governments in the jurisdiction held posts in the year.")
        % {"n": r.officials}
    ]
    if periods:
        duties.append(
            _(
                "Of %(total)s duty periods judged, %(met)s were met, %(missed)s missed and %(open)s still open "
                "(met: %(rate)s)."
            )
            % {
                "total": periods,
                "met": c.get("met", 0),
                "missed": c.get("missed", 0),
                "open": c.get("open", 0),
                "rate": f"{100 * c.get('met', 0) / max(periods - c.get('not_applicable', 0), 1):.1f}%",
            }
        )
    else:
        duties.append(_("No duty compliance has been computed for the jurisdiction's posts in the year."))
    if r.worst:
        duties.append(_("The duties most often missed:"))
        duties.append(
            Table(headers=[_("Duty"), _("Periods missed")], rows=[[t, str(n)] for t, n in r.worst], widths_mm=[126, 30])
        )
    accidents: list[str | Table]
    if r.accidents:
        accidents = [
            _("%(n)s production safety accidents occurred, %(deaths)s people died.")
            % {"n": sum(n for _g, n, _d in r.accidents), "deaths": sum(d for _g, _n, d in r.accidents)},
            Table(
                headers=[_("Accident grade"), _("Accidents"), _("Deaths")],
                rows=[[g, str(n), str(d)] for g, n, d in r.accidents],
                widths_mm=[76, 40, 40],
            ),
        ]
    else:
        accidents = [_("No production safety accident is recorded for the year.")]
    cases: list[str | Table] = [
        _(
            "%(opened)s accountability cases were opened on facts of the year, %(decided)s decided; "
            "%(officials)s officials were given measures."
        )
        % r.cases
        if r.cases["opened"]
        else _("No accountability case was opened on facts of the year.")
    ]
    assessment: list[str | Table] = []
    if r.own_result is not None:
        assessment.append(
            _("In the assessment by the level above, %(name)s was rated %(grade)s.")
            % {"name": name, "grade": r.own_result.grade_label}
        )
    if r.results:
        assessment.append(_("The assessment of the jurisdictions below, as published:"))
        assessment.append(
            Table(
                headers=[_("Jurisdiction"), _("Assessment grade"), _("Score")],
                rows=[[n, res.grade_label, _score(res)] for n, res in r.results],
                widths_mm=[76, 40, 40],
            )
        )
    if not assessment:
        assessment.append(_("No assessment result of the year has been published."))
    sections = [
        Section(None, [p for p in (r.recipient + "：" if r.recipient else "", opening) if p]),
        Section(heading_number(1) + _("Performance of duties"), duties),
        Section(heading_number(2) + _("Production safety accidents"), accidents),
        Section(heading_number(3) + _("Accountability in the year"), cases),
        Section(heading_number(4) + _("Assessment results of the year"), assessment),
        Section(None, [_("We hereby report.")]),
    ]
    return gongwen_docx(
        title=_("Report of %(name)s on carrying out the responsibility system for safety production in %(year)s")
        % {"name": name, "year": year},
        sections=sections,
        signature=f"{name}人民政府",
        date=today,
        staff_note=_("Policy %(policy)s %(version)s")
        % {"policy": r.policy.id if r.policy else "", "version": r.policy.version if r.policy else ""},
    )


def _score(result: PublishedResult) -> str:
    value: Any = result.normalised_score if result.normalised_score is not None else result.score
    return "" if value is None else f"{value:.2f}"
