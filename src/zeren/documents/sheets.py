"""Plain .xlsx workbooks with openpyxl: writing lists out, reading uploads back in.

Writing (:func:`workbook_bytes`): one worksheet per :class:`Sheet`, an optional merged title row
and note rows, then a bold, frozen header row with an auto filter; every cell wraps; column widths
count a Chinese character as two. Strings are always stored as text — a value that starts with "="
is never a formula (no formula injection from user data).

Reading (:func:`read_rows`): checks that the upload is an .xlsx, finds the header row, matches the
columns by name (in any order, with aliases), and returns the non-blank data rows with their Excel
row numbers. Every problem is raised as a :class:`SheetError` whose message is in Chinese and
names the column."""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

CellValue = str | int | float | Decimal | bool | datetime.date | datetime.datetime | None

MAX_TITLE = 31  # Excel's limit on a sheet name
FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
MIN_WIDTH = 6.0
MAX_WIDTH = 60.0
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
HEADER_SEARCH_ROWS = 10  # the header row is looked for among this many non-blank rows at the top
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc)


class SheetError(ValueError):
    """An upload that cannot be read. ``str(error)`` is one Chinese sentence for the user;
    ``problems`` lists each problem separately (one entry when there is only one)."""

    def __init__(self, message: str, problems: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems) if problems else [message]


@dataclass(frozen=True)
class Sheet:
    """One worksheet. ``widths`` are Excel column widths (about one Latin character each); left
    out, they follow the longest line in each column. ``heading`` is a merged title row above
    the header; ``notes`` are merged rows between that title and the header."""

    title: str
    headers: list[str]
    rows: Sequence[Sequence[CellValue]]
    widths: list[float] | None = None
    notes: list[str] = field(default_factory=list)
    heading: str | None = None


def text_width(text: str) -> int:
    """Width in Excel's units of the longest line: full-width (CJK) characters count two."""
    return max(
        (sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line) for line in text.split("\n")),
        default=0,
    )


def sheet_title(title: str, taken: Collection[str] = ()) -> str:
    """A legal, unused sheet name: forbidden characters ([]:*?/\\) become "_", no apostrophe at
    either end, at most 31 characters, and "(2)", "(3)"… added when the name is taken (Excel
    compares names case-insensitively)."""
    clean = FORBIDDEN_IN_TITLE.sub("_", ILLEGAL_CHARACTERS_RE.sub("", title)).strip().strip("'").strip()
    clean = clean[:MAX_TITLE].strip() or "Sheet"
    used = {name.casefold() for name in taken}
    candidate, number = clean, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f"({number})"
        candidate = clean[: MAX_TITLE - len(suffix)] + suffix
    return candidate


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    workbook = Workbook()
    taken: list[str] = []
    for index, spec in enumerate(sheets):
        first = workbook.active if index == 0 else None
        worksheet = first if isinstance(first, Worksheet) else workbook.create_sheet()
        worksheet.title = sheet_title(spec.title, taken)
        taken.append(worksheet.title)
        _write_sheet(worksheet, spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(worksheet: Worksheet, spec: Sheet) -> None:
    columns = len(spec.headers)
    if columns == 0:
        raise ValueError(f"sheet {spec.title!r} has no columns")
    if spec.widths is not None and len(spec.widths) != columns:
        raise ValueError(f"sheet {spec.title!r}: {columns} headers but {len(spec.widths)} widths")
    last = get_column_letter(columns)
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 1
    if spec.heading:
        _merged_row(worksheet, row, columns, spec.heading, Font(bold=True, size=14), Alignment(horizontal="center"))
        worksheet.row_dimensions[row].height = 24
        row += 1
    widths = spec.widths or _auto_widths(spec)
    for note in spec.notes:
        _merged_row(worksheet, row, columns, note, Font(italic=True, color="555555"), wrap)
        # Excel does not grow a merged row to fit wrapped text: give it one 15-point line per line of text.
        lines = sum(math.ceil(max(text_width(part), 1) / max(sum(widths), 1.0)) for part in note.split("\n"))
        worksheet.row_dimensions[row].height = 15 * max(lines, 1)
        row += 1
    header_row = row
    for column, header in enumerate(spec.headers, start=1):
        cell = worksheet.cell(row=header_row, column=column)
        _set_text(cell, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, values in enumerate(spec.rows, start=1):
        if len(values) > columns:
            raise ValueError(f"sheet {spec.title!r}: row {number} has {len(values)} cells for {columns} columns")
        for column, value in enumerate(values, start=1):
            cell = worksheet.cell(row=header_row + number, column=column)
            _set_value(cell, value)
            cell.alignment = wrap
    worksheet.freeze_panes = f"A{header_row + 1}"
    worksheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(spec.rows), 1)}"
    for column, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width


def _merged_row(worksheet: Worksheet, row: int, columns: int, text: str, font: Font, alignment: Alignment) -> None:
    cell = worksheet.cell(row=row, column=1)
    _set_text(cell, text)
    cell.font = font
    cell.alignment = alignment
    if columns > 1:
        worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def _set_text(cell: Cell, text: str) -> None:
    _set_value(cell, text)


def _set_value(cell: Cell, value: CellValue) -> None:
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # text, even when it starts with "=": never a formula
    else:
        cell.value = value


def _auto_widths(spec: Sheet) -> list[float]:
    widths: list[float] = []
    for index, header in enumerate(spec.headers):
        longest = max(
            [text_width(header) + 2, *(text_width(_display(row[index])) for row in spec.rows if index < len(row))]
        )
        widths.append(min(max(float(longest) + 2, MIN_WIDTH), MAX_WIDTH))
    return widths


def _display(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


# ── reading ───────────────────────────────────────────────────────────────────────────────────


def read_rows(
    data: bytes,
    *,
    sheet: str | None = None,
    headers: Sequence[str],
    aliases: Mapping[str, Iterable[str]] | None = None,
    optional: Collection[str] = (),
    allow_extra: bool = False,
) -> list[tuple[int, dict[str, str | None]]]:
    """Read an uploaded .xlsx: return ``(excel_row_number, {header: text or None})`` for each
    non-blank row under the header row.

    ``sheet`` names the worksheet (default: the first). The header row is the first of the
    top non-blank rows that holds the expected columns, so a title row above it is fine. Columns
    are matched by name in any order, ignoring case and surrounding spaces; ``aliases`` maps a
    header to other accepted names (e.g. ``{"code": ["代码", "区划代码"]}``). A header in
    ``optional`` may be missing (its value is then None); a column that is not expected is an
    error unless ``allow_extra``. Values come back as stripped text; an empty cell is None, a
    whole-number float is written without ".0", a date as 2024-01-05."""
    workbook = _open(data)
    try:
        worksheet = _pick_sheet(workbook, sheet)
        return _read(worksheet, list(headers), aliases or {}, set(optional), allow_extra)
    finally:
        workbook.close()


def _open(data: bytes) -> Workbook:
    if data[:4] == OLE_MAGIC:
        raise SheetError("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再上传。")
    if data[:4] != ZIP_MAGIC:
        raise SheetError("上传的文件不是 .xlsx 工作簿，请上传 Excel 2007 及以上版本保存的 .xlsx 文件。")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise SheetError("上传的文件已损坏或不是 .xlsx 工作簿，请用 Excel 打开确认后另存为 .xlsx 再上传。") from None


def _pick_sheet(workbook: Workbook, name: str | None) -> Worksheet:
    worksheets = list(workbook.worksheets)
    if not worksheets:
        raise SheetError("工作簿中没有工作表。")
    if name is None:
        chosen = worksheets[0]
    else:
        matches = [ws for ws in worksheets if ws.title == name]
        if not matches:
            present = "、".join(f"“{ws.title}”" for ws in worksheets)
            raise SheetError(f"工作簿中没有名为“{name}”的工作表（现有工作表：{present}）。")
        chosen = matches[0]
    if hasattr(chosen, "reset_dimensions"):
        chosen.reset_dimensions()  # read-only sheets trust the file's stated size, which some tools get wrong
    return chosen


def cell_text(value: object) -> str | None:
    """The text of a cell as read: stripped, None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        text = value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    elif isinstance(value, datetime.date | datetime.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    return text or None


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def _read(
    worksheet: Worksheet,
    headers: list[str],
    aliases: Mapping[str, Iterable[str]],
    optional: set[str],
    allow_extra: bool,
) -> list[tuple[int, dict[str, str | None]]]:
    expected = "、".join(f"“{header}”" for header in headers)
    accepted: dict[str, str] = {}
    for header in headers:
        for name in (header, *aliases.get(header, ())):
            accepted.setdefault(_normal(name), header)

    rows = (
        (number, [cell_text(v) for v in values])
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
    )
    top: list[tuple[int, list[str | None]]] = []
    header_at: tuple[int, list[str | None]] | None = None
    for number, cells in rows:
        if not any(cells):
            continue
        top.append((number, cells))
        if _matches(cells, accepted) >= len([h for h in headers if h not in optional]):
            header_at = (number, cells)
            break
        if len(top) >= HEADER_SEARCH_ROWS:
            break
    if not top:
        raise SheetError(f"工作表“{worksheet.title}”是空的：第 1 行应为表头 {expected}。")
    if header_at is None:  # report against the row that looks most like a header
        header_at = max(top, key=lambda row: (_matches(row[1], accepted), -row[0]))
    header_number, header_cells = header_at

    column_of: dict[str, int] = {}
    problems: list[str] = []
    blank_columns: list[int] = []
    for index, label in enumerate(header_cells):
        letter = get_column_letter(index + 1)
        if label is None:
            blank_columns.append(index)
            continue
        known = accepted.get(_normal(label))
        if known is None:
            if not allow_extra:
                problems.append(f"第 {letter} 列的表头“{label}”不是本表的列")
            continue
        if known in column_of:
            first = get_column_letter(column_of[known] + 1)
            problems.append(f"“{known}”列出现了两次（第 {first} 列和第 {letter} 列）")
            continue
        column_of[known] = index
    for header in headers:
        if header not in column_of and header not in optional:
            problems.append(f"缺少“{header}”列")
    if problems:
        raise SheetError(
            f"第 {header_number} 行的表头与模板不符：" + "；".join(problems) + f"。表头应为 {expected}。",
            [f"第 {header_number} 行：{problem}" for problem in problems],
        )

    result: list[tuple[int, dict[str, str | None]]] = []
    stray: list[str] = []
    for number, cells in rows:
        if not any(cells):
            continue
        for index in blank_columns:
            if index < len(cells) and cells[index] is not None and len(stray) < 5:
                stray.append(f"第 {number} 行第 {get_column_letter(index + 1)} 列")
        for index in range(len(header_cells), len(cells)):
            if cells[index] is not None and len(stray) < 5:
                stray.append(f"第 {number} 行第 {get_column_letter(index + 1)} 列")
        values = {
            header: cells[column_of[header]] if header in column_of and column_of[header] < len(cells) else None
            for header in headers
        }
        result.append((number, values))
    if stray:
        raise SheetError(
            "有内容写在没有表头的列里（" + "、".join(stray) + "）：请删除这些内容，或删除多余的列。",
            [f"{where}有内容，但该列没有表头" for where in stray],
        )
    return result


def _matches(cells: Sequence[str | None], accepted: Mapping[str, str]) -> int:
    return len({accepted[_normal(cell)] for cell in cells if cell is not None and _normal(cell) in accepted})
