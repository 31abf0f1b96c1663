"""The 通报 of an assessment's results (.docx) as a reader sees it: rendered by LibreOffice to PDF,
text and pixels. Rendered once for the module; a missing soffice or pdftoppm fails, never skips."""

from __future__ import annotations

import io

import pytest
from docx import Document

from documents.rendering import internal_text, render
from zeren.assessments.documents import notice_docx

pytestmark = pytest.mark.django_db
_cache: dict = {}


@pytest.fixture
def notice(published):
    if "rendered" not in _cache:
        data = notice_docx(published)
        _cache["docx"] = data
        _cache["rendered"] = render(data, "assessment-notice")
        _cache["entries"] = {e.jurisdiction.name: e for e in published.entries.select_related("jurisdiction")}
    return _cache["rendered"]


def _squeeze(text):
    return "".join(text.split())


def test_page_one_carries_the_mark_the_number_the_title_and_the_addressees(notice):
    first = _squeeze(notice.text[0])
    assert first.startswith(
        "常州市安全生产委员会文件常安委〔2026〕1号关于2025年度安全生产目标责任考核结果的通报各县（市、区）党委、人民政府："
    )


def test_the_mark_and_the_rule_are_red(notice):
    assert notice.pages[0].red_rows(0.0, 0.5), "no red ink in the 版头"


def test_the_result_of_each_county_is_printed(notice):
    text = _squeeze(notice.all_text)
    for name, entry in _cache["entries"].items():
        assert name in text
        assert entry.grade_label in text
    wujin = _cache["entries"]["武进区"]
    score = f"{float(wujin.score):.2f}".rstrip("0").rstrip(".")
    assert f"{wujin.rank}武进区{score}{wujin.grade_label}" in text


def test_the_copies_go_to_the_organisation_publicity_and_political_legal_departments(notice):
    text = _squeeze(notice.text[-1])
    assert "抄送：常州市委组织部，常州市委宣传部，常州市委政法委。" in text
    assert "常州市安全生产委员会办公室" in text and "印发" in text


def test_no_internal_text_is_printed(notice):
    assert internal_text(notice.all_text) == []


def test_the_scheme_is_named_in_the_file_properties_only(notice):
    properties = Document(io.BytesIO(_cache["docx"])).core_properties
    assert "changzhou-demo-2025" in properties.comments
    assert "changzhou" not in notice.all_text
