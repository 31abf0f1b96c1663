"""The decision .docx as a reader sees it: rendered by LibreOffice to PDF, text and pixels.

The document is rendered once for the module (the first test renders, the others read the cache);
a missing soffice or pdftoppm fails, it never skips (tools/setup-test-machine.sh installs them)."""

import io

import pytest
from docx import Document

from cases.test_views import published
from documents.rendering import internal_text, render
from zeren.cases.documents import decision_docx

pytestmark = pytest.mark.django_db
TYPE_AREA_PX = 156 / 25.4 * 60  # the type area's width at 60 dpi: 368 px
_cache = {}


@pytest.fixture
def decision(office_a, discipline, case_a, wujin):
    if "rendered" not in _cache:
        case = published(office_a, discipline, case_a, wujin)
        case.accident.direct_loss_yuan = 4_500_000
        case.accident.serious_injuries = 2
        case.accident.save()
        data = decision_docx(case)
        _cache["docx"] = data
        _cache["rendered"] = render(data, "decision")
        _cache["names"] = [s.person.name for s in case.subjects.all()]
    return _cache["rendered"]


def _squeeze(text):
    return "".join(text.split())


def test_page_one_carries_the_issuing_body_s_mark_the_document_number_and_the_title(decision):
    first = _squeeze(decision.text[0])
    assert first.startswith("中共武进区纪律检查委员会文件武纪〔2025〕1号关于武进区某工地坍塌事故责任追究的决定")


def test_the_mark_and_the_rule_under_the_number_are_red(decision):
    page = decision.pages[0]
    red = page.red_rows(0.0, 0.5)
    assert red, "no red ink in the top half of page one"
    bands = [[red[0]]]
    for y in red[1:]:
        if y - bands[-1][-1] > 3:
            bands.append([])
        bands[-1].append(y)
    assert len(bands) == 2, f"the 发文机关标志 and the rule: {len(bands)} red bands"
    mark, rule = bands
    assert len(mark) >= 15  # 初号 characters, about 42 pt tall
    assert len(rule) <= 3  # a rule, not text
    left, right = page.red_span(rule[0])
    assert right - left > TYPE_AREA_PX * 0.95  # as wide as the type area
    assert page.red_rows(0.5, 1.0) == []  # nothing else is red


def test_the_title_stays_whole_and_the_kind_is_not_split(decision):
    lines = [line.strip() for line in decision.text[0].splitlines() if "决定" in line]
    assert lines == ["关于武进区某工地坍塌事故责任追究的决定"]
    assert "责任追究的责任追究" not in _squeeze(decision.all_text)


def test_amounts_and_dates_are_as_an_office_prints_them(decision):
    # The one-vote veto beside 诫勉 keeps promotion barred until a body sets the veto's end.
    text = _squeeze(decision.all_text)
    assert "直接经济损失450万元" in text
    assert "2024年11月4日" in text and "不得提拔：自2025年3月1日起，规定未明确期限" in text


def test_no_internal_text_is_printed(decision):
    text = decision.all_text
    for name in _cache["names"]:  # the test people's names carry Latin letters (武丙DS)
        text = text.replace(name, "某某").replace(name[:2] + " " + name[2:], "某某")
    assert internal_text(text) == []


def test_the_last_page_ends_with_signature_date_and_the_imprint_with_copies(decision):
    last = [_squeeze(line) for line in decision.text[-1].splitlines() if line.strip()]
    assert last[-5:] == [
        "中共武进区纪律检查委员会",
        "2025年3月1日",
        "抄送：武进区人民政府，中共武进区委员会。",
        "中共武进区纪律检查委员会办公室2025年3月1日印发",
        f"—{len(decision.text)}—",
    ]
    page = decision.pages[-1]
    rules = _rules(page)
    assert len(rules) == 2, f"the 版记 between its heavy rules, found at {rules}"
    assert rules[-1] > page.height * (37 + 225 - 8) / 297  # the last rule at the foot of the type area


def _rules(page):
    """Rows where a line runs across the type area (anti-aliased: any ink, not only black)."""
    left = round(28 / 210 * page.width)
    right = left + round(TYPE_AREA_PX)
    rows = [
        y
        for y in range(page.height // 2, page.height)
        if sum(sum(page.rgb(x, y)) < 720 for x in range(left + 2, right - 2)) > 0.9 * (right - left - 4)
    ]
    return [y for i, y in enumerate(rows) if i == 0 or y - rows[i - 1] > 2]


def test_the_seal_has_room_above_the_signature(decision):
    lines = decision.text[-1].splitlines()
    index = next(i for i, line in enumerate(lines) if _squeeze(line) == "中共武进区纪律检查委员会")
    blank = 0
    for line in reversed(lines[:index]):
        if line.strip():
            break
        blank += 1
    assert blank >= 3, "三行 for the 印章 between the body and the 署名"


def test_the_staff_details_are_in_the_file_properties_not_on_the_page(decision):
    properties = Document(io.BytesIO(_cache["docx"])).core_properties
    assert "changzhou-2018" in properties.comments
    assert properties.keywords == "武纪〔2025〕1号"
    assert "changzhou" not in decision.all_text
