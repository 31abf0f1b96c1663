"""The case documents in the 公文 layout (zeren.documents.gongwen): the accountability decision
(问责决定, with its 版头, 发文字号, 印章 place and 版记) and the organisation department's safety
dossier (安全生产履职档案).

Documents are always written in Chinese (they are 公文), whatever the page language is, and print
no internal ids: articles by their Chinese labels, dates as 2025年3月1日, amounts as 450万元."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from zeren.accidents.presentation import articles, grade_label, policy_or_none
from zeren.cases.dossier import BLOCKS, Dossier
from zeren.cases.labels import CIRCUMSTANCE_LABELS, measure_label, restriction_label
from zeren.cases.models import Case, Responsibility, Restriction
from zeren.documents import Section, Table, amount_text, date_text, gongwen_docx, heading_number

DOCUMENT_LANGUAGE = "zh-hans"
# Words that already say "accountability" at the end of a case title: "关于…责任追究的决定", not
# "关于…责任追究的责任追究决定".
ACCOUNTABILITY_ENDINGS = ("责任追究", "问责", "追责", "问责处理", "责任追究处理")
END_PUNCTUATION = "。；，、："


def _labels(policy_id: str, cites: list[str]) -> str:
    return "、".join(a["label"] for a in articles(policy_or_none(policy_id), cites))


def _sentence(*parts: str) -> str:
    """Parts joined by "；", ending in one "。" (never "。。" or "；。")."""
    kept = [part.strip().rstrip(END_PUNCTUATION) for part in parts if part and part.strip().rstrip(END_PUNCTUATION)]
    return "；".join(kept) + "。" if kept else ""


def restriction_text(r: Restriction) -> str:
    """One restriction as printed: 不得提拔：自2025年3月1日起至2027年3月1日止（常州 第三十条）."""
    if r.until is None:
        span = _("from %(start)s, end not set by the texts") % {"start": date_text(r.start)}
    else:
        span = _("from %(start)s until %(until)s") % {"start": date_text(r.start), "until": date_text(r.until)}
    text = f"{restriction_label(r.kind)}：{span}"
    labels = _labels(r.policy_id, list(r.cites))
    if labels:
        text += f"（{labels}）"
    if r.until_basis:
        text += _(" — end set by the organisation department: %(basis)s") % {"basis": r.until_basis}
    if r.lifted_on is not None:
        text += _(" — lifted on %(day)s: %(reason)s") % {"day": date_text(r.lifted_on), "reason": r.lifted_reason}
    return text


def decision_title(case: Case) -> str:
    """关于{事由}的决定: the case title names the matter; "责任追究" is added unless it says so already."""
    matter = case.title.strip().removeprefix("关于").removesuffix("的决定").strip()
    if not matter.endswith(ACCOUNTABILITY_ENDINGS):
        matter += "责任追究"
    return _("Decision on %(matter)s") % {"matter": matter}


def decision_issuer(case: Case) -> str | None:
    """The 发文机关标志: the deciding body's name followed by 文件."""
    body = case.deciding_body.strip()
    return body + "文件" if body else None


def decision_number(case: Case) -> str:
    """The 发文字号 the deciding body gave (e.g. 武纪〔2025〕1号), else the case's own number
    (武进区问责〔2025〕1号), which zeren numbers by jurisdiction and year."""
    return case.decision_number.strip() or case.number


def _printer(body: str) -> str:
    """The 印发机关: the deciding body's office (办公室), unless the body is an office already."""
    return body if body.endswith(("办公室", "办公厅")) else body + "办公室"


def _facts(case: Case) -> list[str | Table]:
    facts: list[str | Table] = []
    if case.accident is not None:
        a = case.accident
        toll = [_("%(count)s dead") % {"count": a.deaths}] if a.deaths else []
        if a.serious_injuries:
            toll.append(_("%(count)s seriously injured") % {"count": a.serious_injuries})
        harm = "、".join(toll)
        if a.direct_loss_yuan:
            loss = _("direct economic loss %(amount)s") % {"amount": amount_text(a.direct_loss_yuan)}
            harm = f"{harm}，{loss}" if harm else loss
        where = a.jurisdiction.name
        what = a.title if a.title.startswith(where) else where + a.title
        text = _("On %(when)s, %(what)s occurred (%(sector)s)") % {
            "when": date_text(a.occurred_at.date()),
            "what": what,
            "sector": a.sector,
        }
        if harm:
            text += _(", causing %(harm)s") % {"harm": harm}
        if a.grade:
            text += _("; it is graded %(grade)s") % {"grade": grade_label(a.grade)}
        facts.append(text + "。")
    if case.decision_text:
        facts += [p.strip() for p in case.decision_text.splitlines() if p.strip()]
    if not facts:
        facts.append(_sentence(case.title))
    return facts


def decision_docx(case: Case) -> bytes:
    """The decision as a 公文: 版头 (the deciding body's red 发文机关标志 and rule, 发文字号), the
    title broken by meaning, facts, responsibility per official, measures with their articles,
    consequences, the right of written appeal (which does not suspend execution), 署名 and 成文日期
    with room for the 印章, and the 版记 (抄送 the officials' bodies; 印发机关 and 印发日期)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _decision_docx(case)


def _decision_docx(case: Case) -> bytes:
    policy = policy_or_none(case.policy_id)
    people: list[str | Table] = []
    rows = []
    copies: list[str] = []
    subjects = list(
        case.subjects.select_related("person", "post__body__jurisdiction").prefetch_related("measures", "restrictions")
    )
    for number, subject in enumerate(subjects, start=1):
        grounds = "、".join(str(CIRCUMSTANCE_LABELS.get(c, c)) for c in subject.circumstances)
        degree = (
            _("bears %(degree)s") % {"degree": Responsibility(subject.responsibility).label}
            if subject.responsibility
            else ""
        )
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
        post = f"{subject.post.body.jurisdiction.name}{subject.post.title}"
        who = _("%(name)s, then %(post)s") % {"name": subject.person.name, "post": post}
        people.append(who + "：" + _sentence(grounds, degree, subject.grounds_text))
        rows.append([str(number), subject.person.name, chosen, cites])
        copies.append(subject.post.body.name)
    decision: list[str | Table] = (
        [Table(headers=[_("No."), _("Official"), _("Measures"), _("Articles")], rows=rows, widths_mm=[15, 27, 40, 74])]
        if rows
        else [_("No official is held accountable.")]
    )
    consequences: list[str | Table] = [
        f"{subject.person.name}：{restriction_text(r)}。" for subject in subjects for r in subject.restrictions.all()
    ] or [_("The decision puts no restriction on anyone.")]
    body = case.deciding_body.strip()
    appeal = _(
        "An official who does not accept this decision may appeal in writing to %(body)s. "
        "The appeal does not suspend the execution of the decision."
    ) % {"body": body or _("the deciding body")}
    if (
        policy is not None
        and policy.accountability
        and policy.accountability.procedure
        and policy.accountability.procedure.appeal
    ):
        appeal_cites = _labels(case.policy_id, list(policy.accountability.procedure.appeal.cites))
        if appeal_cites:
            appeal = appeal.rstrip("。") + "（" + appeal_cites + "）。"
    sections = [
        Section(heading_number(1) + _("Facts"), _facts(case)),
        Section(heading_number(2) + _("Responsibility"), people or [_("No official is named.")]),
        Section(heading_number(3) + _("Decision"), decision),
        Section(heading_number(4) + _("Consequences"), consequences),
        Section(heading_number(5) + _("Appeal"), [appeal]),
    ]
    return gongwen_docx(
        title=decision_title(case),
        sections=sections,
        issuer=decision_issuer(case),
        document_number=decision_number(case),
        signature=body or None,
        date=case.decided_on,
        seal=bool(body),
        copies=copies,
        footer_note=_printer(body) if body else None,
        printed_on=case.decided_on,
        staff_note=_("Case %(number)s; policy %(policy)s %(version)s")
        % {"number": case.number, "policy": case.policy_id, "version": policy.version if policy else ""},
    )


def dossier_docx(dossier: Dossier) -> bytes:
    """The dossier as a 公文 for the organisation department: tenure, compliance, accidents, cases,
    restrictions in force and the answers, in the words an office writes."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _dossier_docx(dossier)


def _dossier_docx(dossier: Dossier) -> bytes:
    person = dossier.person
    tenure = Table(
        headers=[_("Post"), _("From"), _("Until")],
        rows=[
            [
                f"{t.post.body.jurisdiction.name}{t.post.title}",
                date_text(t.start),
                date_text(t.end) if t.end else _("now"),
            ]
            for t in dossier.tenures
        ]
        or [[_("No appointments recorded."), "", ""]],
        widths_mm=[76, 40, 40],
    )
    note = (
        _("Counted from the performance records, by year.")
        if dossier.compliance
        else _("No duty compliance has been computed for this person's posts yet.")
    )
    compliance: list[str | Table] = [note]
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
                    [f"{y.year}年", str(y.met), str(y.missed), str(y.open), str(y.not_applicable)]
                    for y in dossier.compliance
                ],
                widths_mm=[32, 31, 31, 31, 31],
            )
        )
    accidents: list[str | Table] = [
        _sentence(
            f"{date_text(r['accident'].occurred_at.date())}，{r['accident'].title}（{r['grade']}），"
            + _("then %(post)s") % {"post": r["post"].title},
            _("not counted: %(reason)s") % {"reason": r["row"].reason} if not r["included"] else "",
        )
        for r in dossier.accident_rows
    ] or [_("No accident in the person's remit is recorded.")]
    cases: list[str | Table] = [
        f"{s['case'].number}，{s['case'].title}（{s['case'].get_state_display()}）："
        + _sentence("；".join(s["measures"]) or _("no measure"))
        for s in dossier.subject_rows
    ] or [_("No accountability case concerns the person.")]
    restrictions: list[str | Table] = [restriction_text(r.restriction) + "。" for r in dossier.in_force] or [
        _("None in force on this date.")
    ]
    answers: list[str | Table] = []
    for a in dossier.answers:
        blocking = [r for r in dossier.in_force if r.restriction.kind in BLOCKS[a.kind]]
        if blocking:
            reasons = [
                _("barred by %(restriction)s") % {"restriction": restriction_text(r.restriction)} for r in blocking
            ]
        else:
            reasons = [_("No restriction on record bars it on this date.")]
        verdict = _("Yes") if a.may else _("No")
        answers.append(f"{a.question}{verdict}。" + _sentence(*reasons) + "".join(a.cautions))
        if a.articles:
            answers.append(_sentence(_("Articles: %(labels)s") % {"labels": "、".join(x["label"] for x in a.articles)}))
    answers.append(_("These answers are drawn from the records held; the organisation department decides."))
    sections = [
        Section(heading_number(1) + _("Tenure"), [tenure]),
        Section(heading_number(2) + _("Duty compliance by year"), compliance),
        Section(heading_number(3) + _("Accidents in the remit during tenure"), accidents),
        Section(heading_number(4) + _("Accountability cases and measures"), cases),
        Section(heading_number(5) + _("Restrictions in force"), restrictions),
        Section(heading_number(6) + _("Answers"), answers),
    ]
    return gongwen_docx(
        title=_("Safety-production dossier of %(name)s as of %(day)s")
        % {"name": person.name, "day": date_text(dossier.on)},
        sections=sections,
        date=dossier.on,
        staff_note=_("Policy %(policy)s %(version)s")
        % {
            "policy": dossier.policy.id if dossier.policy else "",
            "version": dossier.policy.version if dossier.policy else "",
        },
    )
