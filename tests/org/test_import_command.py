"""`zeren import_jurisdictions FILE.xlsx`: all or nothing, idempotent."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from zeren.org.models import Jurisdiction


def write_sheet(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "level", "parent_code"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return str(path)


GOOD = [
    ("320400", "常州市", "city", ""),
    ("320412", "武进区", "county", "320400"),
    ("320412100", "湖塘镇", "township", "320412"),
    ("Z32040001", "常州经济开发区", "zone", "320400"),
]


def test_it_imports_a_tree(tmp_path, db, capsys):
    call_command("import_jurisdictions", write_sheet(tmp_path / "t.xlsx", GOOD))
    assert Jurisdiction.objects.count() == 4
    assert "新建 4 个" in capsys.readouterr().out


def test_importing_the_same_file_twice_changes_nothing(tmp_path, db, capsys):
    path = write_sheet(tmp_path / "t.xlsx", GOOD)
    call_command("import_jurisdictions", path)
    before = list(Jurisdiction.objects.values_list("id", "code", "name", "path"))
    call_command("import_jurisdictions", path)
    assert list(Jurisdiction.objects.values_list("id", "code", "name", "path")) == before
    assert "新建 0 个，更新 0 个，未变 4 个" in capsys.readouterr().out


def test_it_updates_a_renamed_node(tmp_path, db):
    call_command("import_jurisdictions", write_sheet(tmp_path / "a.xlsx", GOOD))
    renamed = [("320412", "武进区（新）", "county", "320400")]
    call_command("import_jurisdictions", write_sheet(tmp_path / "b.xlsx", renamed))
    assert Jurisdiction.objects.get(code="320412").name == "武进区（新）"


def test_one_bad_row_imports_nothing(tmp_path, db, capsys):
    rows = [*GOOD, ("320413", "金坛区", "county", "999999")]
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_jurisdictions", write_sheet(tmp_path / "t.xlsx", rows))
    assert Jurisdiction.objects.count() == 0
    assert "第 6 行，D 列（parent_code）：没有代码为 999999 的辖区" in capsys.readouterr().err


def test_it_writes_a_template(tmp_path, db):
    call_command("jurisdiction_template", str(tmp_path / "template.xlsx"))
    call_command("import_jurisdictions", str(tmp_path / "template.xlsx"))
    assert Jurisdiction.objects.filter(code="Z32040001", level="zone").exists()


def test_it_does_not_overwrite_an_existing_file_with_the_template(tmp_path, db):
    (tmp_path / "t.xlsx").write_bytes(b"keep")
    with pytest.raises(CommandError):
        call_command("jurisdiction_template", str(tmp_path / "t.xlsx"))
    assert (tmp_path / "t.xlsx").read_bytes() == b"keep"
