"""Workbooks written with workbook_bytes and read with openpyxl; uploads read with read_rows."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from documents.sample import sample_docx
from zeren.documents import Sheet, read_rows, workbook_bytes
from zeren.documents.sheets import sheet_title, text_width
from zeren.problems import Problems

HEADERS = ["序号", "职责内容", "依据条款"]
ROWS: list[list[str | int | None]] = [
    [1, "每季度至少调研1次安全生产工作。", "河北 第五条 第（三）项"],
    [2, "每半年至少主持召开1次县委常委会研究安全生产工作。", "河北 第五条 第（二）项"],
]


def _load(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def _xlsx(*rows: list[object], title: str = "Sheet1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ── writing ──────────────────────────────────────────────────────────────────────────────────


def test_a_sheet_has_a_bold_frozen_filtered_header_row_and_its_values() -> None:
    sheet = _load(workbook_bytes([Sheet("责任清单", HEADERS, ROWS)]))["责任清单"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == ROWS
    assert sheet["B2"].alignment.wrap_text


def test_a_heading_and_notes_go_above_the_header_which_stays_frozen() -> None:
    data = workbook_bytes([Sheet("清单", HEADERS, ROWS, heading="县委书记安全生产责任清单", notes=["依据：第五条"])])
    sheet = _load(data)["清单"]
    assert sheet["A1"].value == "县委书记安全生产责任清单"
    assert sheet["A2"].value == "依据：第五条"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:C1", "A2:C2"}
    assert [cell.value for cell in sheet[3]] == HEADERS
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:C5"


def test_column_widths_count_chinese_characters_double() -> None:
    assert text_width("安全生产") == 8
    assert text_width("abcd") == 4
    assert text_width("短\n更长一些的行") == 12
    sheet = _load(workbook_bytes([Sheet("s", ["名称", "code"], [["常州经济开发区", "Z32040001"]])]))["s"]
    assert sheet.column_dimensions["A"].width == 7 * 2 + 2
    assert sheet.column_dimensions["B"].width == 9 + 2


def test_given_widths_are_used_as_they_are() -> None:
    sheet = _load(workbook_bytes([Sheet("s", HEADERS, ROWS, widths=[6, 50, 24])]))["s"]
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [6, 50, 24]


def test_sheet_titles_lose_forbidden_characters_and_fit_31_characters() -> None:
    assert sheet_title("2024/03 [县]:清单*?") == "2024_03 _县__清单__"
    assert sheet_title("'引号'") == "引号"
    assert sheet_title("") == "Sheet"
    assert len(sheet_title("安" * 40)) == 31
    assert sheet_title("清单", taken=["清单"]) == "清单(2)"
    assert sheet_title("A" * 31, taken=["a" * 31]) == "A" * 28 + "(2)"
    names = _load(workbook_bytes([Sheet("a:b", ["x"], []), Sheet("a/b", ["x"], [])])).sheetnames
    assert names == ["a_b", "a_b(2)"]


def test_text_that_looks_like_a_formula_is_stored_as_text() -> None:
    sheet = _load(workbook_bytes([Sheet("s", ["备注"], [['=HYPERLINK("http://x")']])]))["s"]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x")'


def test_a_sheet_without_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="no columns"):
        workbook_bytes([Sheet("s", [], [])])


# ── reading ──────────────────────────────────────────────────────────────────────────────────


def test_read_rows_returns_excel_row_numbers_and_text_values() -> None:
    data = workbook_bytes([Sheet("清单", HEADERS, ROWS, heading="标题", notes=["说明"])])
    assert read_rows(data, headers=HEADERS) == [
        (4, {"序号": "1", "职责内容": ROWS[0][1], "依据条款": ROWS[0][2]}),
        (5, {"序号": "2", "职责内容": ROWS[1][1], "依据条款": ROWS[1][2]}),
    ]


def test_read_rows_skips_blank_rows_and_normalises_numbers_and_dates() -> None:
    data = _xlsx(
        ["名称", "人数", "日期"],
        ["  湖塘镇 ", 12.0, datetime.datetime(2024, 3, 8)],  # noqa: DTZ001 - Excel dates are naive
        [None, None, None],
        ["牛塘镇", 2.5, None],
    )
    assert read_rows(data, headers=["名称", "人数", "日期"]) == [
        (2, {"名称": "湖塘镇", "人数": "12", "日期": "2024-03-08"}),
        (4, {"名称": "牛塘镇", "人数": "2.5", "日期": None}),
    ]


def test_read_rows_matches_columns_by_name_in_any_order_with_aliases() -> None:
    data = _xlsx(["上级代码", "名称", "CODE", "级别"], ["320400", "武进区", "320412", "区县"])
    rows = read_rows(
        data,
        headers=["code", "name", "level", "parent_code"],
        aliases={
            "code": ["代码", "区划代码"],
            "name": ["名称"],
            "level": ["层级", "级别"],
            "parent_code": ["上级代码"],
        },
    )
    assert rows == [(2, {"code": "320412", "name": "武进区", "level": "区县", "parent_code": "320400"})]


def test_read_rows_lets_an_optional_column_be_missing() -> None:
    rows = read_rows(_xlsx(["名称"], ["湖塘镇"]), headers=["名称", "备注"], optional=["备注"])
    assert rows == [(2, {"名称": "湖塘镇", "备注": None})]


def test_read_rows_reads_a_sheet_by_name() -> None:
    data = workbook_bytes([Sheet("其他", ["x"], [["1"]]), Sheet("清单", HEADERS, ROWS)])
    assert [number for number, _ in read_rows(data, sheet="清单", headers=HEADERS)] == [2, 3]


def test_a_header_row_without_data_gives_no_rows() -> None:
    assert read_rows(_xlsx(HEADERS), headers=HEADERS) == []


def test_an_upload_that_is_not_a_zip_is_not_an_xlsx() -> None:
    for data in (b"", "code,name\n320400,常州市\n".encode(), b"%PDF-1.7"):
        with pytest.raises(Problems, match=r"不是 \.xlsx 工作簿"):
            read_rows(data, headers=HEADERS)


def test_an_old_xls_upload_is_told_to_save_as_xlsx() -> None:
    with pytest.raises(Problems, match=r"旧版 Excel（\.xls）.*另存为"):
        read_rows(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, headers=HEADERS)


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(Problems, match=r"已损坏或不是 \.xlsx 工作簿"):
        read_rows(sample_docx(), headers=HEADERS)


def test_an_empty_sheet_is_refused_naming_the_expected_header() -> None:
    with pytest.raises(Problems) as raised:
        read_rows(_xlsx(title="清单"), headers=HEADERS)
    assert str(raised.value) == "工作表“清单”是空的：第 1 行应为表头 “序号”、“职责内容”、“依据条款”。"


def test_wrong_headers_name_the_missing_and_the_unknown_column() -> None:
    data = _xlsx(["序号", "内容", "依据条款"], [1, "x", "y"])
    with pytest.raises(Problems) as raised:
        read_rows(data, headers=HEADERS)
    assert raised.value.problems == ["第 1 行：第 B 列的表头“内容”不是本表的列", "第 1 行：缺少“职责内容”列"]


def test_a_column_named_twice_is_refused() -> None:
    with pytest.raises(Problems, match="“序号”列出现了两次（第 A 列和第 D 列）"):
        read_rows(_xlsx([*HEADERS, "序号"]), headers=HEADERS)


def test_extra_columns_are_allowed_when_asked() -> None:
    rows = read_rows(_xlsx([*HEADERS, "备注"], [1, "x", "y", "z"]), headers=HEADERS, allow_extra=True)
    assert rows == [(2, {"序号": "1", "职责内容": "x", "依据条款": "y"})]


def test_data_in_a_column_without_a_header_is_refused() -> None:
    with pytest.raises(Problems, match="第 3 行第 D 列"):
        read_rows(_xlsx(HEADERS, [1, "x", "y"], [2, "x", "y", "多出来的"]), headers=HEADERS)


def test_a_missing_sheet_name_lists_the_sheets_there_are() -> None:
    with pytest.raises(Problems, match="没有名为“汇总”的工作表（现有工作表：“清单”）"):
        read_rows(_xlsx(HEADERS, title="清单"), sheet="汇总", headers=HEADERS)
