"""The jurisdiction sheet of ``zeren import_jurisdictions``: columns code, name, level, parent_code
(A–D), one node a row under a header row, and its template. The workbook is read by the one
reader, :mod:`zeren.documents.sheets` (with its limits on size and rows); this module only knows
the columns. Reading reports every bad row in Chinese, naming row and column, as
:class:`~zeren.problems.Problems`; nothing is imported unless every row is good."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from zeren.documents import sheets
from zeren.org.levels import CODE_FORMS, Level, code_fits_level
from zeren.org.services import JurisdictionRow
from zeren.problems import Problems

COLUMNS = ("code", "name", "level", "parent_code")
HEADER_ALIASES = {
    "code": {"code", "代码", "区划代码"},
    "name": {"name", "名称"},
    "level": {"level", "层级", "级别"},
    "parent_code": {"parent_code", "上级代码"},
}
LETTERS = "ABCD"
LEVEL_ALIASES: dict[str, str] = {
    "省": Level.PROVINCE,
    "市": Level.CITY,
    "县": Level.COUNTY,
    "区县": Level.COUNTY,
    "乡镇": Level.TOWNSHIP,
    "街道": Level.TOWNSHIP,
    "乡镇街道": Level.TOWNSHIP,
    "功能区": Level.ZONE,
    "新区": Level.NEW_AREA,
}
MAX_NAME = 100


def upload_limits() -> sheets.Limits:
    """The reader's limits, with the upload size from the ``ZEREN_UPLOAD_MAX_BYTES`` setting."""
    return sheets.Limits(upload_bytes=int(getattr(settings, "ZEREN_UPLOAD_MAX_BYTES", sheets.LIMITS.upload_bytes)))


def _where(row: int, column: int) -> str:
    return _("Row %(row)s, column %(letter)s (%(name)s)") % {
        "row": row,
        "letter": LETTERS[column],
        "name": COLUMNS[column],
    }


def read_jurisdiction_rows(source: bytes | str | Path | IO[bytes]) -> list[JurisdictionRow]:
    """Parse the workbook's first sheet; raise :class:`Problems` with every problem found."""
    limits = upload_limits()
    with sheets.open_workbook(sheets.read_upload(source, limits), limits) as workbook:
        return _rows(sheets.sheet_rows(sheets.pick_sheet(workbook, None), limits))


def _rows(rows: Iterator[tuple[int, list[str | None]]]) -> list[JurisdictionRow]:
    first = next(rows, None)
    problems: list[str] = []
    if first is None:
        raise Problems([_("The sheet is empty; row 1 must be the header code, name, level, parent_code")])
    header = first[1]
    for index, column in enumerate(COLUMNS):
        cell = (header[index] or "").lower() if index < len(header) else ""
        if cell not in HEADER_ALIASES[column]:
            problems.append(
                _("Row 1, column %(letter)s: the header must be %(name)s, found “%(found)s”")
                % {"letter": LETTERS[index], "name": column, "found": cell}
            )
    if problems:
        raise Problems(problems)

    result: list[JurisdictionRow] = []
    first_row_of: dict[str, int] = {}
    for number, values in rows:
        cells = [(values[i] or "") if i < len(values) else "" for i in range(4)]
        if not any(cells):
            continue
        code, name, level_text, parent_code = cells
        row_problems: list[str] = []
        level = LEVEL_ALIASES.get(level_text, level_text.lower())
        if not code:
            row_problems.append(_where(number, 0) + _(": the code is empty"))
        if not name:
            row_problems.append(_where(number, 1) + _(": the name is empty"))
        elif len(name) > MAX_NAME:
            row_problems.append(
                _where(number, 1) + _(": the name is longer than %(max)s characters") % {"max": MAX_NAME}
            )
        if level not in Level.values:
            row_problems.append(
                _where(number, 2)
                + _(": “%(value)s” is not a level; use one of %(levels)s")
                % {"value": level_text, "levels": "、".join(Level.values)}
            )
        elif code and not code_fits_level(code, level):
            row_problems.append(
                _where(number, 0)
                + _(": “%(code)s” is not a code for a %(level)s (%(form)s)")
                % {"code": code, "level": Level(level).label, "form": CODE_FORMS[level]}
            )
        if code and code in first_row_of:
            row_problems.append(
                _where(number, 0)
                + _(": the code %(code)s already appears in row %(other)s")
                % {"code": code, "other": first_row_of[code]}
            )
        if code and parent_code == code:
            row_problems.append(_where(number, 3) + _(": a jurisdiction cannot be its own parent"))
        if code and code not in first_row_of:
            first_row_of[code] = number
        if row_problems:
            problems.extend(row_problems)
            continue
        result.append(JurisdictionRow(code=code, name=name, level=level, parent_code=parent_code, row=number))
    if problems:
        raise Problems(problems)
    if not result:
        raise Problems([_("The sheet has a header but no jurisdictions")])
    return result


def template_workbook() -> bytes:
    """An .xlsx with the header, two example rows and a sheet explaining levels and codes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new Workbook always has one sheet
    sheet.title = "jurisdictions"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    sheet.append(["320400", "常州市", "city", ""])
    sheet.append(["320412", "武进区", "county", "320400"])
    sheet.append(["320412100", "湖塘镇", "township", "320412"])
    sheet.append(["Z32040001", "常州经济开发区", "zone", "320400"])
    for letter, width in zip(LETTERS, (14, 24, 12, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = workbook.create_sheet("说明")
    notes.append(["level", "中文", "code"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for level in Level:
        notes.append([level.value, str(level.label), str(CODE_FORMS[level])])
    notes.append([])
    notes.append(["功能区没有国家区划代码，使用本地代码：Z + 设立机关的 6 位代码 + 2 位序号。"])
    notes.append(["parent_code 为空表示树的顶层（省或市）。重复导入同一文件不会产生变化。"])
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 16
    notes.column_dimensions["C"].width = 44
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
