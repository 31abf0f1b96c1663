"""The case documents in the 公文 layout (zeren.documents.gongwen): the accountability decision
(问责决定) and the organisation department's safety dossier (安全生产履职档案)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zeren.accidents.presentation import articles, grade_label, policy_or_none
from zeren.cases.consequences import describe
from zeren.cases.dossier import Dossier
from zeren.cases.labels import CIRCUMSTANCE_LABELS, measure_label
from zeren.cases.models import Case, Responsibility
from zeren.documents import Section, Table, gongwen_docx, heading_number


def _labels(policy_id: str, cites: list[str]) -> str:
    return "、".join(a["label"] for a in articles(policy_or_none(policy_id), cites))


def decision_docx(case: Case) -> bytes:
    """The decision as a 公文: facts, responsibility per official, measures with their articles,
    consequences, and the right of written appeal (which does not suspend execution)."""
    policy = policy_or_none(case.policy_id)
    facts: list[str | Table] = []
    if case.accident is not None:
        a = case.accident
        facts.append(
            _(
                "On %(when)s, %(title)s occurred in %(where)s (sector: %(sector)s): %(deaths)s dead, "
                "%(injured)s seriously injured, direct economic loss %(loss)s yuan; graded %(grade)s."
            )
            % {
                "when": a.occurred_at.strftime("%Y年%m月%d日"),
                "title": a.title,
                "where": a.jurisdiction.name,
                "sector": a.sector,
                "deaths": a.deaths,
                "injured": a.serious_injuries,
                "loss": a.direct_loss_yuan,
                "grade": grade_label(a.grade),
            }
        )
    if case.decision_text:
        facts += [p for p in case.decision_text.splitlines() if p.strip()]
    if not facts:
        facts.append(case.title)
    people: list[str | Table] = []
    rows = []
    for number, subject in enumerate(
        case.subjects.select_related("person", "post__body__jurisdiction").prefetch_related("measures"), start=1
    ):
        grounds = "、".join(str(CIRCUMSTANCE_LABELS.get(c, c)) for c in subject.circumstances)
        degree = str(Responsibility(subject.responsibility).label) if subject.responsibility else ""
        measures = [m for m in subject.measures.all() if m.revoked_on is None]
        chosen = "；".join(measure_label(m.measure, m.sanction) for m in measures) or _("no measure")
        if not measures and subject.no_measure_reason:
            chosen += _(" — because: %(reason)s (basis: %(basis)s)") % {
                "reason": subject.no_measure_reason,
                "basis": subject.no_measure_basis,
            }
        cites = _labels(
            case.policy_id,
            [c for m in measures for c in m.cites]
            + [c for g in subject.verdict.get("grounds", []) for c in g["cites"]],
        )
        people.append(
            _("%(name)s, then %(post)s: %(grounds)s; %(degree)s. %(findings)s")
            % {
                "name": subject.person.name,
                "post": f"{subject.post.body.jurisdiction.name}{subject.post.title}",
                "grounds": grounds,
                "degree": degree,
                "findings": subject.grounds_text,
            }
        )
        rows.append([str(number), subject.person.name, chosen, cites])
    decision: list[str | Table] = (
        [Table(headers=[_("No."), _("Official"), _("Measures"), _("Articles")], rows=rows, widths_mm=[14, 26, 56, 60])]
        if rows
        else [_("No official is held accountable.")]
    )
    consequences: list[str | Table] = []
    for subject in case.subjects.select_related("person"):
        for r in subject.restrictions.all():
            consequences.append(f"{subject.person.name}：{describe(r)}")
    if not consequences:
        consequences.append(_("The decision puts no restriction on anyone."))
    appeal = _(
        "An official who does not accept this decision may appeal in writing to %(body)s. "
        "The appeal does not suspend the execution of the decision."
    ) % {"body": case.deciding_body or _("the deciding body")}
    if (
        policy is not None
        and policy.accountability
        and policy.accountability.procedure
        and policy.accountability.procedure.appeal
    ):
        appeal += "（" + _labels(case.policy_id, list(policy.accountability.procedure.appeal.cites)) + "）"
    sections = [
        Section(heading_number(1) + _("Facts"), facts),
        Section(heading_number(2) + _("Responsibility"), people or [_("No official is named.")]),
        Section(heading_number(3) + _("Decision"), decision),
        Section(heading_number(4) + _("Consequences"), consequences),
        Section(heading_number(5) + _("Appeal"), [appeal]),
    ]
    return gongwen_docx(
        title=_("Decision on accountability\nin %(title)s") % {"title": case.title},
        sections=sections,
        document_number=case.decision_number or None,
        signature=case.deciding_body or None,
        date=case.decided_on,
    )


def dossier_docx(dossier: Dossier) -> bytes:
    person = dossier.person
    tenure = Table(
        headers=[_("Post"), _("From"), _("Until")],
        rows=[
            [
                f"{t.post.body.jurisdiction.name}{t.post.title}",
                t.start.isoformat(),
                t.end.isoformat() if t.end else _("now"),
            ]
            for t in dossier.tenures
        ]
        or [[_("No appointments recorded."), "", ""]],
        widths_mm=[96, 30, 30],
    )
    compliance: list[str | Table] = [dossier.compliance_note]
    if dossier.compliance:
        compliance.append(
            Table(
                headers=[
                    _("Year"),
                    _("Periods met"),
                    _("Periods missed"),
                    _("Periods still open"),
                    _("Periods not applicable"),
                ],
                rows=[
                    [str(y.year), str(y.met), str(y.missed), str(y.open), str(y.not_applicable)]
                    for y in dossier.compliance
                ],
                widths_mm=[36, 30, 30, 30, 30],
            )
        )
    accidents: list[str | Table] = [
        f"{r['accident'].occurred_at.strftime('%Y-%m-%d')} {r['accident'].title}（{r['grade']}）— {r['post'].title}"
        + ("" if r["included"] else _("; excluded: %(reason)s") % {"reason": r["row"].reason})
        for r in dossier.accident_rows
    ] or [_("No accident in the person's remit is recorded.")]
    cases: list[str | Table] = [
        f"{s['case'].number} {s['case'].title}（{s['case'].get_state_display()}）："
        + ("；".join(s["measures"]) or _("no measure"))
        for s in dossier.subject_rows
    ] or [_("No accountability case concerns the person.")]
    restrictions: list[str | Table] = [str(r) for r in dossier.in_force] or [_("None in force on this date.")]
    answers: list[str | Table] = []
    for a in dossier.answers:
        verdict = _("Yes") if a.may else _("No")
        answers.append(f"{a.question} {verdict}。" + "；".join(a.reasons) + "。" + "".join(a.cautions))
        if a.articles:
            answers.append(_("Articles: %(labels)s") % {"labels": "、".join(x["label"] for x in a.articles)})
    sections = [
        Section(heading_number(1) + _("Tenure"), [tenure]),
        Section(heading_number(2) + _("Duty compliance by year"), compliance),
        Section(heading_number(3) + _("Accidents in the remit during tenure"), accidents),
        Section(heading_number(4) + _("Accountability cases and measures"), cases),
        Section(heading_number(5) + _("Restrictions in force"), restrictions),
        Section(heading_number(6) + _("Answers"), answers),
    ]
    return gongwen_docx(
        title=_("Safety-production dossier of %(name)s\nas of %(day)s")
        % {"name": person.name, "day": dossier.on.strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月")},
        sections=sections,
        date=dossier.on,
    )
