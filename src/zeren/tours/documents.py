"""The tour's two 公文 (zeren.documents.gongwen), 常州 第十二条: the 反馈意见 to the toured body's
principal leaders, and the 通报 to the organisation department of the touring level.

Documents are always written in Chinese (they are 公文, whatever the page language): the fixed
sentences are Chinese here, the labels of choices are read in Chinese (``translation.override``).
Nothing internal is printed: articles by their Chinese labels, dates as 2025年3月1日."""

from __future__ import annotations

from django.utils import translation

from zeren.documents import Section, Table, date_text, gongwen_docx, heading_number
from zeren.org.bindings import policy_for
from zeren.org.models import Appointment, PostRole
from zeren.policy.model import Policy
from zeren.tours.models import Finding, FindingLevel, GroupRole, Tour

DOCUMENT_LANGUAGE = "zh-hans"


def _label(policy: Policy | None, cite: str) -> str:
    if policy is None or not cite:
        return ""
    try:
        return policy.cite(cite).label
    except (KeyError, ValueError):
        return ""


def _tour_articles(policy: Policy | None) -> str:
    """The articles the tour rests on (the pack's inspection_tour provisions), as labels."""
    if policy is None:
        return ""
    cites = [c for p in policy.provisions if p.kind == "inspection_tour" for c in p.cites]
    return "、".join(dict.fromkeys(_label(policy, c) for c in cites if _label(policy, c)))


def committee(tour: Tour) -> str:
    return f"{tour.plan.organiser.name}安全生产委员会"


def _group(tour: Tour) -> str:
    parts = []
    for role in (GroupRole.LEADER, GroupRole.DEPUTY):
        names = [m.person.name for m in tour.plan.members.all() if m.role == role]
        if names:
            parts.append(f"{role.label}{'、'.join(names)}")
    others = sum(1 for m in tour.plan.members.all() if m.role in (GroupRole.MEMBER, GroupRole.EXPERT))
    experts = sum(1 for m in tour.plan.members.all() if m.role == GroupRole.EXPERT)
    if others:
        parts.append(f"成员{others}人（其中专家{experts}人）" if experts else f"成员{others}人")
    return "，".join(parts)


def _principals(tour: Tour) -> str:
    on = tour.feedback_on or tour.end
    holders = (
        Appointment.objects.filter(
            post__body__jurisdiction=tour.jurisdiction,
            post__role__in=[PostRole.PARTY_SECRETARY, PostRole.GOVERNMENT_HEAD],
            start__lte=on,
        )
        .exclude(end__lt=on)
        .select_related("person", "post")
        .order_by("post__role")
    )
    return "、".join(f"{a.post.title}{a.person.name}" for a in holders)


def _responsible(finding: Finding) -> str:
    if finding.level == FindingLevel.ENTERPRISE:
        who = finding.responsible_enterprise
    else:
        who = finding.responsible_body.name if finding.responsible_body else ""
    if finding.responsible_person is not None:
        who = f"{who}（{finding.responsible_person.name}）" if who else finding.responsible_person.name
    return who


def _findings_table(tour: Tour, policy: Policy | None) -> Table:
    rows = []
    for f in tour.findings.select_related("responsible_body", "responsible_person").order_by("number"):
        basis = f.criterion
        label = _label(policy, f.article)
        if label:
            basis = f"{basis}（{label}）"
        rows.append([str(f.number), f.description, basis, str(FindingLevel(f.level).label), _responsible(f)])
    return Table(
        headers=["序号", "问题", "违反的标准和条款", "层面", "责任单位"],
        rows=rows or [["—", "未发现问题", "—", "—", "—"]],
        widths_mm=[12, 54, 40, 20, 30],
    )


def _situation(tour: Tour, policy: Policy | None) -> list[str | Table]:
    basis = _tour_articles(policy)
    methods = "、".join(tour.method_labels())
    text = (
        f"{'根据' + basis + '和' if basis else '根据'}{tour.plan.title}安排，"
        f"{tour.plan.organiser.name}安全生产巡查组于{date_text(tour.start)}至{date_text(tour.end)}"
        f"对{tour.target.name}开展了安全生产巡查。"
    )
    group = _group(tour)
    out: list[str | Table] = [text]
    if group:
        out.append(f"巡查组{group}。")
    if methods:
        out.append(f"巡查组采取{methods}等方式开展工作。")
    if tour.documents_seen.strip():
        out.append(f"查阅的资料：{tour.documents_seen.strip().rstrip('。')}。")
    return out


def _counts(tour: Tour) -> str:
    findings = list(tour.findings.all())
    gov = sum(1 for f in findings if f.level == FindingLevel.GOVERNMENT)
    ent = len(findings) - gov
    return f"巡查共发现问题{len(findings)}个，其中政府层面{gov}个、企业层面{ent}个。"


def feedback_docx(tour: Tour) -> bytes:
    """巡查情况反馈意见: 版头 of the touring committee's office, the group and methods, the findings
    table with the criteria and articles breached, and what the rectification must contain."""
    with translation.override(DOCUMENT_LANGUAGE):
        policy = policy_for(tour.plan.organiser, tour.feedback_on or tour.end)
        principals = _principals(tour)
        address = f"{tour.target.name}主要负责同志" + (f"（{principals}）" if principals else "") + "："
        sections = [
            Section(None, [address]),
            Section(f"{heading_number(1)}巡查基本情况", _situation(tour, policy)),
            Section(f"{heading_number(2)}发现的主要问题", [_counts(tour), _findings_table(tour, policy)]),
            Section(
                f"{heading_number(3)}整改要求",
                [
                    "请对照问题清单制定整改方案，逐项明确整改措施、整改标准、责任单位、责任领导和完成时限，"
                    "建立问题、整改、责任三张清单，整改一项、销号一项，并将整改方案和整改情况报"
                    f"{committee(tour)}办公室。",
                    "巡查组将适时开展“回头看”，对整改不力的，依照有关规定严肃处理。",
                ],
            ),
        ]
        return gongwen_docx(
            title=f"关于对{tour.target.name}安全生产巡查情况的反馈意见",
            sections=sections,
            issuer=f"{committee(tour)}办公室文件",
            document_number=tour.feedback_number or None,
            signature=f"{committee(tour)}办公室",
            date=tour.feedback_on,
            footer_note=f"{committee(tour)}办公室",
            copies=[f"中共{tour.plan.organiser.name}委组织部"],
            seal=True,
            staff_note=f"{policy.id} {policy.version}" if policy else None,
        )


def notice_docx(tour: Tour) -> bytes:
    """巡查情况通报 to the organisation department (常州 第十二条: 通报本级组织部门)."""
    with translation.override(DOCUMENT_LANGUAGE):
        policy = policy_for(tour.plan.organiser, tour.feedback_on or tour.end)
        department = f"中共{tour.plan.organiser.name}委组织部"
        basis = _tour_articles(policy)
        sections = [
            Section(None, [f"{department}："]),
            Section(f"{heading_number(1)}巡查开展情况", _situation(tour, policy)),
            Section(
                f"{heading_number(2)}巡查发现的问题",
                [_counts(tour), _findings_table(tour, policy)],
            ),
            Section(
                f"{heading_number(3)}反馈和整改情况",
                [
                    (
                        f"巡查组已于{date_text(tour.feedback_on)}向{tour.target.name}主要负责同志反馈巡查情况，"
                        "并责成其制定整改方案、逐项整改销号。"
                        if tour.feedback_on
                        else f"巡查情况将向{tour.target.name}主要负责同志反馈。"
                    ),
                    (
                        f"{'依照' + basis + '，' if basis else ''}现将巡查结果通报你部，"
                        "作为对领导班子和领导干部考核、奖惩和使用的参考。"
                    ),
                ],
            ),
        ]
        return gongwen_docx(
            title=f"关于对{tour.target.name}安全生产巡查情况的通报",
            sections=sections,
            issuer=f"{committee(tour)}办公室文件",
            document_number=tour.notice_number or None,
            signature=f"{committee(tour)}办公室",
            date=tour.feedback_on,
            footer_note=f"{committee(tour)}办公室",
            seal=True,
            staff_note=f"{policy.id} {policy.version}" if policy else None,
        )
