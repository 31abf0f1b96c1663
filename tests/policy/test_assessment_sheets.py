"""The .xlsx template of a scheme round-trips, and a badly filled row is named in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from zeren.documents.scheme_sheets import SheetError, read_workbook, scheme_yaml, write_template
from zeren.policy.loader import Registry, read_yaml
from zeren.policy.scheme import SCHEMES_DIR, SchemeRegistry, validate

from .conftest import PACKS

REGISTRY = Registry([PACKS])


@pytest.mark.parametrize("scheme_id", ["changzhou-demo-2025", "hebei-demo-2025", "changzhou-sectors-demo-2025"])
def test_a_demo_scheme_survives_xlsx_and_yaml(scheme_id: str, tmp_path: Path) -> None:
    original = SchemeRegistry([SCHEMES_DIR], REGISTRY).get(scheme_id).scheme
    write_template(original, tmp_path / "t.xlsx")
    imported = read_workbook(tmp_path / "t.xlsx", REGISTRY)
    assert imported == original
    path = tmp_path / f"{scheme_id}.yaml"
    path.write_text(scheme_yaml(imported), encoding="utf-8")
    assert validate(read_yaml(path), REGISTRY).scheme == original


def _edit(tmp_path: Path, sheet: str, cell: str, value: object) -> Path:
    original = SchemeRegistry([SCHEMES_DIR], REGISTRY).get("changzhou-demo-2025").scheme
    path = tmp_path / "t.xlsx"
    write_template(original, path)
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)
    return path


def test_points_that_are_not_a_number_name_the_row_and_column(tmp_path: Path) -> None:
    path = _edit(tmp_path, "考核项目", "D3", "五分")
    with pytest.raises(SheetError) as exc:
        read_workbook(path, REGISTRY)
    assert exc.value.problems == ["工作表「考核项目」第3行「分值」：“五分”不是数字"]


def test_an_unknown_scorer_lists_the_allowed_values(tmp_path: Path) -> None:
    path = _edit(tmp_path, "考核项目", "E3", "县长")
    with pytest.raises(SheetError) as exc:
        read_workbook(path, REGISTRY)
    assert exc.value.problems == ["工作表「考核项目」第3行「评分主体」：“县长”不是以下之一：安委办、部门"]


def test_a_deduction_for_an_unknown_item_names_its_row(tmp_path: Path) -> None:
    path = _edit(tmp_path, "扣分规则", "A2", "9.9")
    with pytest.raises(SheetError) as exc:
        read_workbook(path, REGISTRY)
    assert exc.value.problems == ["工作表「扣分规则」第2行「项目编号」：没有编号为“9.9”的项目"]


def test_a_citation_that_is_not_an_article_names_the_row(tmp_path: Path) -> None:
    path = _edit(tmp_path, "考核项目", "K3", "CZ-99")
    with pytest.raises(SheetError) as exc:
        read_workbook(path, REGISTRY)
    assert exc.value.problems == [
        "工作表「考核项目」第3行: cites CZ-99, which is not an article of changzhou-2018 or the packs it extends"
    ]


def test_children_that_do_not_add_up_name_the_parent_row(tmp_path: Path) -> None:
    path = _edit(tmp_path, "考核项目", "D2", 21)
    with pytest.raises(SheetError) as exc:
        read_workbook(path, REGISTRY)
    assert exc.value.problems[0].startswith("工作表「考核项目」第2行")
    assert "add up to 20, not 21" in exc.value.problems[0]


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(SheetError) as exc:
        read_workbook(path, REGISTRY)
    assert "不是可以读取的 .xlsx 文件" in exc.value.problems[0]


def test_the_template_offers_the_allowed_values_as_drop_downs(tmp_path: Path) -> None:
    original = SchemeRegistry([SCHEMES_DIR], REGISTRY).get("changzhou-demo-2025").scheme
    write_template(original, tmp_path / "t.xlsx")
    items = load_workbook(tmp_path / "t.xlsx")["考核项目"]
    lists = {str(rule.sqref): rule.formula1 for rule in items.data_validations.dataValidation}
    assert lists["E2:E501"] == '"安委办,部门"'  # 评分主体, under the header row


def test_a_workbook_that_unpacks_to_far_more_than_it_weighs_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """The template is read through the one checked reader (zeren.documents.sheets): a zip bomb is
    refused from its directory, never decompressed."""
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * 50_000_000 + "</a>")
    with pytest.raises(SheetError) as exc:
        read_workbook(path, REGISTRY)
    assert "不是可以读取的 .xlsx 文件" in exc.value.problems[0]
    assert "bomb.xlsx" in exc.value.problems[0] and "压缩炸弹" in exc.value.problems[0]
