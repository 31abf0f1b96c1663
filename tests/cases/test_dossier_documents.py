"""The dossier .docx as the organisation department reads it: rendered by LibreOffice, then read
back as text; no internal text, no program's name, no doubled punctuation (rendered once a module)."""

import datetime

import pytest

from cases.test_views import published
from documents.rendering import internal_text, render
from zeren.cases.documents import dossier_docx
from zeren.cases.dossier import dossier_for

pytestmark = pytest.mark.django_db
_cache = {}


@pytest.fixture
def dossier(office_a, discipline, case_a, wujin):
    if "rendered" not in _cache:
        published(office_a, discipline, case_a, wujin)
        person = wujin.deputy_for_safety
        _cache["rendered"] = render(dossier_docx(dossier_for(person, datetime.date(2025, 6, 1))), "dossier")
        _cache["name"] = person.name
    return _cache["rendered"]


def _squeeze(text):
    return "".join(text.split())


def test_the_title_names_the_person_and_the_date_on_two_lines_broken_before_the_bracket(dossier):
    lines = [_squeeze(line) for line in dossier.text[0].splitlines() if line.strip()]
    assert lines[:2] == [_cache["name"] + "安全生产履职档案", "（截至2025年6月1日）"]


def test_the_answers_read_as_an_office_writes_them(dossier):
    text = _squeeze(dossier.all_text)
    assert "该日能否提拔？否。受影响期限制：不得提拔：自2025年3月1日起，规定未明确期限" in text
    assert "该日能否推荐提名人大代表、政协委员人选？是。截至该日，未见记录在案的影响期限制。" in text
    assert "以上结论根据现有记录得出，供组织部门研究决定时参考。" in text


def test_dates_are_written_in_full(dossier):
    text = _squeeze(dossier.all_text)
    assert "2020年1月1日" in text and "至今" in text
    assert "2024年11月4日，武进区某工地坍塌事故（较大事故）" in text


def test_no_internal_text_is_printed(dossier):
    name = _cache["name"]
    text = dossier.all_text.replace(name, "某某").replace(name[:2] + " " + name[2:], "某某")
    assert internal_text(text) == []
    assert "zeren" not in text and "。。" not in _squeeze(text)
