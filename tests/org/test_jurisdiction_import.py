"""Reading the jurisdiction sheet: errors in Chinese naming row and column."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from zeren.org.jurisdiction_import import COLUMNS, read_jurisdiction_rows, template_workbook
from zeren.problems import Problems


def workbook(*rows, header=COLUMNS):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def problems_of(source):
    with pytest.raises(Problems) as caught:
        read_jurisdiction_rows(source)
    return caught.value.problems


def test_it_reads_rows_and_accepts_chinese_level_names():
    rows = read_jurisdiction_rows(workbook(("320400", "常州市", "市", None), (320412, "武进区", "county", 320400)))
    assert [(r.code, r.level, r.parent_code, r.row) for r in rows] == [
        ("320400", "city", "", 2),
        ("320412", "county", "320400", 3),
    ]


def test_it_names_row_and_column_of_every_bad_row():
    problems = problems_of(
        workbook(
            ("320400", "常州市", "city", ""),
            ("32041", "武进区", "county", "320400"),
            ("320411", "", "county", "320400"),
            ("320413", "金坛区", "district", "320400"),
            ("320400", "重复", "city", ""),
        )
    )
    assert problems == [
        "第 3 行，A 列（code）：“32041”不是县（市、区）的代码（应为6 位数字，如 320412）",
        "第 4 行，B 列（name）：名称为空",
        "第 5 行，C 列（level）：“district”不是有效层级，应为 province、city、county、township、zone、new_area 之一",
        "第 6 行，A 列（code）：代码 320400 已在第 2 行出现",
    ]


def test_it_checks_the_header():
    problems = problems_of(workbook(("320400", "常州市", "city", ""), header=("代码", "名字", "level", "parent")))
    assert problems == [
        "第 1 行，B 列：表头应为 name，实际为“名字”",
        "第 1 行，D 列：表头应为 parent_code，实际为“parent”",
    ]


def test_it_refuses_a_file_that_is_not_a_workbook():
    problems = problems_of(io.BytesIO(b"code,name\n320400,x\n"))
    assert problems == ["上传的文件不是 .xlsx 工作簿，请上传 Excel 2007 及以上版本保存的 .xlsx 文件。"]


def test_it_refuses_a_sheet_with_no_rows():
    assert problems_of(workbook()) == ["工作表只有表头，没有辖区"]


def test_the_template_reads_back_as_valid_rows():
    rows = read_jurisdiction_rows(io.BytesIO(template_workbook()))
    assert [r.code for r in rows] == ["320400", "320412", "320412100", "Z32040001"]
    notes = load_workbook(io.BytesIO(template_workbook())).worksheets[1]
    assert notes.title == "说明"


def test_a_file_over_the_upload_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.ZEREN_UPLOAD_MAX_BYTES = 1024
    path = tmp_path / "tree.xlsx"
    path.write_bytes(workbook(("320400", "常州市", "city", "")).getvalue())
    assert problems_of(str(path)) == [
        "上传的文件超过了 1 KB 的上限；请删除不需要的内容，或拆分成几个较小的工作簿分别导入。"
    ]


def test_a_workbook_with_a_dtd_is_refused_with_a_clear_message():
    import zipfile

    source, out = zipfile.ZipFile(workbook(("320400", "常州市", "city", ""))), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                content = b'<!DOCTYPE x [<!ENTITY a "b">]>' + content
            target.writestr(info.filename, content)
    (problem,) = problems_of(io.BytesIO(out.getvalue()))
    assert problem.startswith("工作簿中含有 DTD（文档类型声明）或实体定义，出于安全原因不予读取")
