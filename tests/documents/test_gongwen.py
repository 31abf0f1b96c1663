"""The 公文 .docx, read back with python-docx: page, grid, fonts, sizes, footer, table."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from documents.sample import DUTIES, sample_docx
from zeren.documents import Section, Table, gongwen_docx, heading_number
from zeren.documents.gongwen import PPR_ORDER, RPR_ORDER

EMU_TOLERANCE = 1000  # python-docx writes twips (635 EMU each); allow rounding
TWIPS_PER_MM = 1440 / 25.4


def _open(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def _fonts(run: Any) -> dict[str, str]:
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return {key: fonts.get(qn(f"w:{key}")) for key in ("ascii", "hAnsi", "eastAsia")}


def _paragraph(document: Any, text: str) -> Any:
    return next(p for p in document.paragraphs if p.text == text)


@pytest.fixture(scope="module")
def document() -> Any:
    return _open(sample_docx())


def _simple(**kwargs: Any) -> Any:
    return _open(
        gongwen_docx(
            title="关于安全生产的通知",
            sections=[Section("一、总体要求", ["第一段正文。", "第二段正文。"])],
            **kwargs,
        )
    )


def test_the_page_is_a4_with_the_standard_margins_and_a_156_by_225_mm_type_area(document: Any) -> None:
    section = document.sections[0]
    for actual, millimetres in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.left_margin, 28),
        (section.right_margin, 26),
        (section.bottom_margin, 35),
    ):
        assert abs(actual - Mm(millimetres)) < EMU_TOLERANCE
    assert abs(section.page_width - section.left_margin - section.right_margin - Mm(156)) < 2 * EMU_TOLERANCE
    assert abs(section.page_height - section.top_margin - section.bottom_margin - Mm(225)) < 2 * EMU_TOLERANCE


def test_the_document_grid_lays_out_22_lines_of_28_characters(document: Any) -> None:
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch = int(grid.get(qn("w:linePitch")))
    type_height = (section.page_height - section.top_margin - section.bottom_margin) / 635  # twips
    assert int(type_height // pitch) == 22
    char_pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096  # points, from the 16 pt default font
    type_width = (section.page_width - section.left_margin - section.right_margin) / 12700  # points
    assert int(type_width // char_pitch) == 28


def test_body_paragraphs_take_exactly_one_grid_line(document: Any) -> None:
    pitch = int(document.sections[0]._sectPr.find(qn("w:docGrid")).get(qn("w:linePitch")))
    body = next(p for p in document.paragraphs if p.text.startswith("根据《河北省"))
    spacing = body._p.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert int(spacing.get(qn("w:line"))) == pitch


def test_the_title_is_22_pt_xiaobiaosong_centred(document: Any) -> None:
    for line in ("中共某某县委书记", "安全生产责任清单"):
        title = _paragraph(document, line)
        assert title.alignment == 1  # centre
        (run,) = title.runs
        assert run.font.size == Pt(22)
        assert _fonts(run)["eastAsia"] == "方正小标宋简体"


def test_body_text_is_16_pt_fangsong_with_a_two_character_first_line_indent(document: Any) -> None:
    body = next(p for p in document.paragraphs if p.text.startswith("县委书记是本县安全生产第一责任人"))
    (run,) = body.runs
    assert run.font.size == Pt(16)
    assert _fonts(run) == {"ascii": "仿宋_GB2312", "hAnsi": "仿宋_GB2312", "eastAsia": "仿宋_GB2312"}
    indent = body._p.pPr.find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert Mm(11) < body.paragraph_format.first_line_indent < Mm(11.2)  # two of 156/28 mm, a hair short


def test_the_default_style_is_16_pt_fangsong_in_chinese(document: Any) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_level_one_headings_are_heiti_16_pt(document: Any) -> None:
    heading = _paragraph(document, "一、责任清单")
    (run,) = heading.runs
    assert run.font.size == Pt(16)
    assert _fonts(run)["eastAsia"] == "黑体"
    assert heading.paragraph_format.keep_with_next


def test_the_font_table_names_a_chinese_fallback_for_each_font(document: Any) -> None:
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    xml = part.blob.decode()
    for name, fallback in (("方正小标宋简体", "宋体"), ("仿宋_GB2312", "仿宋"), ("黑体", "SimHei")):
        assert f'w:name="{name}"><w:altName w:val="{fallback}"/><w:charset w:val="86"/>' in xml


def test_the_footer_numbers_pages_with_a_page_field_between_em_dashes(document: Any) -> None:
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        (paragraph,) = footer.paragraphs
        xml = paragraph._p.xml
        assert "<w:instrText" in xml and " PAGE " in xml
        assert [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))] == [
            "begin",
            "separate",
            "end",
        ]
        assert paragraph.text == "— 1 —"  # the cached field result between the dashes
        assert all(run.font.size == Pt(14) for run in paragraph.runs)
        assert _fonts(paragraph.runs[0])["ascii"] == "宋体"
        assert paragraph._p.pPr.find(qn("w:jc")).get(qn("w:val")) == side


def test_the_duty_table_holds_every_duty_with_its_citation(document: Any) -> None:
    (table,) = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["序号", "职责内容", "依据条款"]
    assert len(table.rows) == 1 + len(DUTIES)
    for row, (text, citation) in zip(table.rows[1:], DUTIES, strict=True):
        assert [cell.text for cell in row.cells] == [row.cells[0].text, text, citation]
    assert table.rows[5].cells[2].text == "河北 第五条 第（三）项"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    widths = [cell.width for cell in table.rows[1].cells]
    assert abs(sum(widths) - Mm(156)) < 3 * EMU_TOLERANCE
    assert table.rows[1].cells[1].paragraphs[0].runs[0].font.size == Pt(14)


def test_the_issuer_mark_is_red_and_the_document_number_sits_on_a_red_rule(document: Any) -> None:
    mark = _paragraph(document, "中共某某县委办公室文件")
    assert str(mark.runs[0].font.color.rgb) == "E60012"
    assert _fonts(mark.runs[0])["eastAsia"] == "方正小标宋简体"
    number = _paragraph(document, "某办发〔2024〕5号")
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "E60012"


def test_the_date_is_written_in_arabic_numerals_under_the_signature(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
    signature = texts.index("中共某某县委员会")
    assert texts[signature + 1] == "2024年3月8日"


def test_the_imprint_line_names_the_printer_and_the_printing_date_between_rules(document: Any) -> None:
    imprint = document.paragraphs[-1]
    assert imprint.text == "中共某某县委办公室\t2024年3月8日印发"
    borders = imprint._p.pPr.find(qn("w:pBdr"))
    assert borders.find(qn("w:top")) is not None and borders.find(qn("w:bottom")) is not None
    assert imprint._p.pPr.find(qn("w:framePr")).get(qn("w:yAlign")) == "bottom"


def test_a_document_without_header_block_starts_with_its_title() -> None:
    document = _simple()
    assert document.paragraphs[0].text == "关于安全生产的通知"
    assert document.paragraphs[1].text == ""  # 标题下空一行
    assert [p.text for p in document.paragraphs[2:]] == ["一、总体要求", "第一段正文。", "第二段正文。"]


def test_a_date_without_signature_is_indented_four_characters_from_the_right() -> None:
    document = _simple(date=datetime.date(2025, 1, 5))
    day = document.paragraphs[-1]
    assert day.text == "2025年1月5日"
    assert day._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"


def test_every_paragraph_and_run_property_is_in_schema_order(document: Any) -> None:
    def in_order(element: Any, order: list[str]) -> bool:
        names = [child.tag.rsplit("}", 1)[-1] for child in element]
        ranks = [order.index(name) for name in names if name in order]
        return ranks == sorted(ranks)

    body = document.element.body
    assert all(in_order(ppr, PPR_ORDER) for ppr in body.iter(qn("w:pPr")))
    assert all(in_order(rpr, RPR_ORDER) for rpr in body.iter(qn("w:rPr")))


def test_heading_numbers_are_chinese_ordinals() -> None:
    assert [heading_number(n) for n in (1, 2, 9, 10, 11, 12, 20, 21)] == [
        "一、",
        "二、",
        "九、",
        "十、",
        "十一、",
        "十二、",
        "二十、",
        "二十一、",
    ]
    with pytest.raises(ValueError, match="1 to 99"):
        heading_number(0)


def test_a_table_wider_than_the_type_area_is_refused() -> None:
    with pytest.raises(ValueError, match="type area is 156 mm"):
        Table(["序号", "内容"], [["1", "x"]], [20.0, 140.0])


def test_a_table_row_with_the_wrong_number_of_cells_is_refused() -> None:
    with pytest.raises(ValueError, match="row 1 has 1 cells"):
        Table(["序号", "内容"], [["1"]], [20.0, 100.0])


def test_short_columns_are_centred_by_default() -> None:
    table = Table(["序号", "职责内容"], [["1", "每季度至少调研1次安全生产工作。"]], [16.0, 140.0])
    assert table.centred_columns() == {0}
