"""Duty lists as files: .docx in the 公文 layout and .xlsx, built with :mod:`zeren.documents`.

Documents are always written in Chinese (they are 公文), whatever the page language is."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zeren.documents import Section, Sheet, Table, date_text, gongwen_docx, heading_number, workbook_bytes
from zeren.duties.labels import LEVELS, citation, frequency, kind_label
from zeren.duties.models import DutyItem, DutyList, Status
from zeren.org.bindings import policy_name
from zeren.org.models import Jurisdiction, PostRole

DOCUMENT_LANGUAGE = "zh-hans"
TABLE_HEADERS = ["序号", "职责内容", "依据条款"]
TABLE_WIDTHS_MM = [15.0, 81.0, 60.0]
ITEM_HEADERS = ["序号", "职责内容", "类型", "频次", "来源", "依据条款", "条款原文", "说明", "本地依据"]
"""A person's columns: articles by label and text, never by id (the ids stay in the pack and the app)."""


def list_title(duty_list: DutyList) -> str:
    return f"{duty_list.post.jurisdiction.name}{duty_list.post_title}"


def _articles(items: Iterable[DutyItem]) -> list[dict[str, Any]]:
    """Every article the items cite, once, in order of first citation."""
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        for article in item.articles:
            seen.setdefault(article["id"], article)
    return list(seen.values())


def _status_line(duty_list: DutyList) -> str:
    if duty_list.status == Status.DRAFT:
        return _("Version %(version)s, draft (not published)") % {"version": duty_list.version}
    published = timezone.localdate(duty_list.published_at) if duty_list.published_at else None
    return _("Version %(version)s, %(status)s on %(date)s") % {
        "version": duty_list.version,
        "status": duty_list.get_status_display(),
        "date": date_text(published) if published else "",
    }


def basis_line(duty_list: DutyList) -> str:
    """The regulation as an office cites it — 《常州市…实施办法》（常办〔2018〕30号）— and how it
    applies to the post; the pack's id and version stay in the document's properties (staff_line)."""
    cited = policy_name(duty_list.pack_id, duty_list.policy_title)
    if duty_list.applies == "by_reference":
        level = LEVELS.get(duty_list.read_as_level)
        how = (
            _("applies by reference, read as at %(level)s level") % {"level": level}
            if level
            else _("applies by reference")
        )
    else:
        how = _("applies directly")
    return _("Drawn up under %(policy)s, which %(how)s.") % {"policy": cited, "how": how}


def staff_line(duty_list: DutyList) -> str:
    """For staff, in the file's properties (never on the page): pack id and version."""
    return f"{duty_list.pack_id} {duty_list.policy_version}; list {duty_list.pk} v{duty_list.version}"


def duty_list_docx(duty_list: DutyList) -> bytes:
    """The list as a 公文: the duties in a table citing their articles, then the articles' text."""
    with translation.override(DOCUMENT_LANGUAGE):
        items = list(duty_list.items.all())
        jurisdiction = duty_list.post.jurisdiction
        rows = [[str(item.position), item.title, citation(item)] for item in items]
        intro = _(
            "Under %(policy)s, and in the light of local conditions, the safety-production duty list of the "
            "%(post)s is as follows."
        ) % {"policy": f"《{duty_list.policy_title}》", "post": list_title(duty_list)}
        if duty_list.applies == "by_reference":
            intro += _("The regulation applies to this post by reference (参照执行).")
        explanation = [basis_line(duty_list), _status_line(duty_list) + "。", *duty_list.notes]
        local = [item for item in items if item.is_local and item.text]
        sections = [
            Section(None, [intro]),
            Section(heading_number(1) + _("Duties"), [Table(TABLE_HEADERS, rows, TABLE_WIDTHS_MM)]),
            Section(
                heading_number(2) + _("Articles cited"),
                [f"{article['label']}：{article['text']}" for article in _articles(items)],
            ),
        ]
        if local:
            sections.append(
                Section(
                    heading_number(3) + _("Local duties explained"),
                    [f"{item.position}. {item.title}：{item.text}" for item in local],
                )
            )
        sections.append(Section(heading_number(len(sections)) + _("Notes"), explanation))
        day = timezone.localdate(duty_list.published_at) if duty_list.published_at else duty_list.generated_on
        return gongwen_docx(
            title=list_title(duty_list) + _("safety-production duty list"),
            sections=sections,
            signature=_("%(jurisdiction)s safety committee office") % {"jurisdiction": jurisdiction.name},
            date=day,
            staff_note=staff_line(duty_list),
        )


def _item_row(item: DutyItem) -> list[Any]:
    return [
        item.position,
        item.title,
        kind_label(item),
        frequency(item),
        item.get_source_display(),
        citation(item),
        "\n".join(f"{article['label']}：{article['text']}" for article in item.articles),
        item.text if item.is_local else item.reading,
        item.basis,
    ]


def duty_list_xlsx(duty_list: DutyList) -> bytes:
    """The list as one worksheet: one row per duty with its articles' labels, ids and text."""
    with translation.override(DOCUMENT_LANGUAGE):
        title = list_title(duty_list) + _("safety-production duty list")
        sheet = Sheet(
            title=duty_list.post_title,
            headers=ITEM_HEADERS,
            rows=[_item_row(item) for item in duty_list.items.all()],
            heading=title,
            notes=[basis_line(duty_list) + _status_line(duty_list) + "。"],
            widths=[6, 40, 8, 14, 8, 24, 60, 30, 20],
        )
        return workbook_bytes([sheet])


def jurisdiction_xlsx(jurisdiction: Jurisdiction, lists: Sequence[DutyList]) -> bytes:
    """All posts of a jurisdiction with their lists: an overview sheet, then one sheet per body."""
    with translation.override(DOCUMENT_LANGUAGE):
        overview = Sheet(
            title=_("Posts"),
            headers=["单位", "岗位代码", "岗位", "角色", "版本", "状态", "依据规定", "职责条数"],
            rows=[
                [
                    duty_list.post.body.name,
                    duty_list.post.code,
                    duty_list.post_title,
                    str(PostRole(duty_list.role).label) if duty_list.role in PostRole.values else duty_list.role,
                    duty_list.version,
                    duty_list.get_status_display(),
                    policy_name(duty_list.pack_id, duty_list.policy_title),
                    len(duty_list.items.all()),
                ]
                for duty_list in lists
            ],
            heading=f"{jurisdiction.name}" + _("duty lists of all posts"),
        )
        by_body: dict[int, list[DutyList]] = {}
        for duty_list in lists:
            by_body.setdefault(duty_list.post.body_id, []).append(duty_list)
        sheets = [overview]
        for body_lists in by_body.values():
            body = body_lists[0].post.body
            sheets.append(
                Sheet(
                    title=body.name.removeprefix(jurisdiction.name) or body.name,
                    headers=["岗位", "岗位代码", "版本", "状态", *ITEM_HEADERS],
                    rows=[
                        [
                            duty_list.post_title,
                            duty_list.post.code,
                            duty_list.version,
                            duty_list.get_status_display(),
                            *_item_row(item),
                        ]
                        for duty_list in body_lists
                        for item in duty_list.items.all()
                    ],
                    heading=body.name,
                    widths=[16, 14, 6, 8, 6, 40, 8, 14, 8, 24, 60, 30, 20],
                )
            )
        return workbook_bytes(sheets)
