"""The 反馈 and the 通报 as a reader sees them (LibreOffice → PDF → text and pixels)."""

import pytest

from documents.rendering import internal_text, render
from tours.helpers import planned
from zeren.tours.documents import feedback_docx, notice_docx

pytestmark = pytest.mark.django_db
_cache: dict = {}


def _squeeze(text):
    return "".join(text.split())


@pytest.fixture
def rendered(world, city_office):
    if not _cache:
        t = planned(world, city_office)
        _cache["feedback"] = render(feedback_docx(t.tour), "tour-feedback")
        _cache["notice"] = render(notice_docx(t.tour), "tour-notice")
        _cache["names"] = [m.person.name for m in t.plan.members.all()] + [
            t.county_a.deputy_for_safety.name,
            t.county_a.secretary.name,
            t.county_a.head.name,
        ]
    return _cache


def _clean(text, names):
    for name in names:
        text = text.replace(name, "某某")
    return text


def test_the_feedback_has_its_mark_number_title_and_addressee(rendered):
    first = _squeeze(rendered["feedback"].text[0])
    assert first.startswith(
        "常州市安全生产委员会办公室文件常安办〔2025〕12号关于对武进区人民政府安全生产巡查情况的反馈意见"
    )
    assert "武进区人民政府主要负责同志" in first


def test_the_feedback_lists_the_findings_with_the_articles_breached(rendered):
    text = _squeeze(rendered["feedback"].all_text)
    assert "巡查共发现问题2个，其中政府层面1个、企业层面1个" in text
    assert "区政府常务会议全年未" in text and "第七条" in text and "政府层面" in text and "企业层面" in text
    assert "听取汇报、查阅台账、暗查暗访" in text
    assert "2025年5月10日" in text


def test_the_notice_goes_to_the_organisation_department_and_cites_the_article(rendered):
    text = _squeeze(rendered["notice"].all_text)
    assert "中共常州市委组织部：" in text
    assert "关于对武进区人民政府安全生产巡查情况的通报" in text
    assert "常州第十二条" in text


def test_the_mark_is_red(rendered):
    assert rendered["feedback"].pages[0].red_rows(0.0, 0.4)


@pytest.mark.parametrize("kind", ["feedback", "notice"])
def test_no_internal_text_is_printed(rendered, kind):
    assert internal_text(_clean(rendered[kind].all_text, rendered["names"])) == []
