"""The assessment's documents: the 通报 of the results as a 公文 (:mod:`zeren.documents.gongwen`,
with its 主送 the lower-level party committees and governments and, under 常州 第十三条, 抄送 the
organisation, publicity and political-legal departments) and the ranking as an .xlsx
(:mod:`zeren.documents.sheets`). Always in Chinese; no internal ids on the page (the scheme's id and
version go into the document's properties only)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zeren.assessments.models import Assessment, AssessmentEntry, EntryState
from zeren.assessments.presentation import number
from zeren.documents import Section, Table, date_text, gongwen_docx, heading_number
from zeren.documents.sheets import Sheet, workbook_bytes

DOCUMENT_LANGUAGE = "zh-hans"
ADDRESSEES = {
    "city": "各市党委、人民政府",
    "county": "各县（市、区）党委、人民政府",
    "township": "各乡镇党委和人民政府、各街道党工委和办事处",
    "zone": "各功能区党工委、管委会",
    "new_area": "各新区党工委、管委会",
}


def committee(assessment: Assessment) -> str:
    """The assessing 安全生产委员会 (安委会) of the jurisdiction."""
    return f"{assessment.jurisdiction.name}安全生产委员会"


def copies(assessment: Assessment) -> list[str]:
    """抄送: the organisation department (常州 第十三条、河北 第十八条), and the publicity and political-legal
    committees under 常州 第十三条."""
    name = assessment.jurisdiction.name
    if assessment.policy_id.startswith("changzhou"):
        return [f"{name}委组织部", f"{name}委宣传部", f"{name}委政法委"]
    return [f"{name}委组织部"]


def addressees(entries: Sequence[AssessmentEntry]) -> str:
    levels = sorted({e.jurisdiction.level for e in entries})
    return "，".join(ADDRESSEES.get(level, "各有关党委、政府") for level in levels) or "各有关党委、政府"


def _ranked(entries: Sequence[AssessmentEntry]) -> list[AssessmentEntry]:
    return sorted(entries, key=lambda e: (e.rank is None, e.rank or 0, e.jurisdiction.path))


def notice_title(assessment: Assessment) -> str:
    return f"关于{assessment.year}年度安全生产目标责任考核结果的通报"


def notice_docx(assessment: Assessment) -> bytes:
    """The 通报 of a published assessment's results."""
    with translation.override(DOCUMENT_LANGUAGE):
        entries = _ranked(list(assessment.entries.select_related("jurisdiction")))
        ranking = assessment.ranking or {}
        office = committee(assessment)
        intro = (
            f"根据《{assessment.title}》，{office}对{len(entries)}个地区{assessment.year}年度安全生产工作"
            "进行了考核。经自评、审核和审定，现将考核结果通报如下。"
        )
        rows = [[str(e.rank or "—"), e.jurisdiction.name, number(e.score), e.grade_label or "—"] for e in entries]
        sections = [
            Section(None, [addressees(entries) + "：", intro]),
            Section(
                heading_number(1) + "考核结果",
                [Table(["排名", "地区", "得分", "考核等次"], rows, [20, 66, 30, 40])],
            ),
        ]
        quota = ranking.get("quota") or {}
        holders = [e.jurisdiction.name for e in entries if e.quota]
        number_of_heading = 2
        if quota and holders:
            sections.append(
                Section(
                    heading_number(number_of_heading) + str(quota.get("title") or "先进地区"),
                    [f"{'、'.join(holders)}被评为{quota.get('title') or '先进地区'}，予以通报表扬。"],
                )
            )
            number_of_heading += 1
        vetoed = [e for e in entries if e.vetoed]
        if vetoed:
            lines: list[str | Table] = []
            for entry in vetoed:
                titles = "；".join(str(v.get("title", "")) for v in (entry.verdict or {}).get("vetoes") or [])
                lines.append(f"{entry.jurisdiction.name}：{titles}，考核等次为{entry.grade_label}。")
            sections.append(Section(heading_number(number_of_heading) + "一票否决情况", lines))
            number_of_heading += 1
        sections.append(
            Section(
                heading_number(number_of_heading) + "有关要求",
                [
                    "各地要对照考核结果，认真查找安全生产工作中存在的问题和薄弱环节，逐项抓好整改落实。"
                    "考核等次为不合格的地区，应当在通报印发之日起一个月内提出整改措施，并向本委员会书面报告。",
                    "考核结果抄送组织部门，作为对党政领导班子和领导干部综合考核评价的重要参考。",
                ],
            )
        )
        day = timezone.localdate(assessment.published_at) if assessment.published_at else timezone.localdate()
        return gongwen_docx(
            title=notice_title(assessment),
            sections=sections,
            issuer=f"{office}文件",
            document_number=assessment.document_number or None,
            signature=office,
            date=day,
            footer_note=f"{office}办公室",
            printed_on=day,
            copies=copies(assessment),
            seal=True,
            staff_note=f"{assessment.scheme_id} {assessment.scheme_version}",
        )


def ranking_xlsx(assessment: Assessment) -> bytes:
    """The ranking as it stands: published places, or (before publication) the scores so far."""
    with translation.override(DOCUMENT_LANGUAGE):
        entries = list(assessment.entries.select_related("jurisdiction"))
        if assessment.published:
            entries = _ranked(entries)
        else:
            entries.sort(key=lambda e: (e.score is None, -(e.score or 0), e.jurisdiction.path))
        rows = [
            [
                e.rank if e.rank is not None else "",
                e.jurisdiction.name,
                float(e.score) if e.score is not None else "",
                float(e.normalised_score) if e.normalised_score is not None else "",
                e.grade_label,
                "是" if e.vetoed else "",
                "是" if e.quota else "",
                str(EntryState(e.state).label),
            ]
            for e in entries
        ]
        notes = [] if assessment.published else [_("Not yet published: the places are set at publication.")]
        return workbook_bytes(
            [
                Sheet(
                    title=f"{assessment.year}年度考核排名",
                    headers=["排名", "地区", "得分", "标准化得分", "考核等次", "一票否决", "先进", "状态"],
                    rows=rows,
                    heading=f"{assessment.title}　{date_text(timezone.localdate())}",
                    notes=notes,
                )
            ]
        )
