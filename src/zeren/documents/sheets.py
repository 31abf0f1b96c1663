"""Plain .xlsx workbooks with openpyxl: writing lists out, reading uploads back in.

Writing (:func:`workbook_bytes`): one worksheet per :class:`Sheet`, an optional merged title row
and note rows, then a bold, frozen header row with an auto filter; every cell wraps; column widths
count a Chinese character as two. Strings are always stored as text — a value that starts with "="
is never a formula (no formula injection from user data).

Reading (:func:`read_rows`, or :func:`open_workbook` and :func:`sheet_rows` for a sheet laid out
another way): the one reader of uploaded workbooks. It checks that the upload is an .xlsx that
costs a bounded amount to read (:class:`Limits`: file size, the zip's parts, shared strings, rows;
no DTD), finds the header row, matches the columns by name (in any order, with aliases), and
returns the non-blank data rows with their Excel row numbers. Every problem is raised as
:class:`zeren.problems.Problems` whose messages are in Chinese and name the row and column."""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from zeren.problems import Problem, Problems

CellValue = str | int | float | Decimal | bool | datetime.date | datetime.datetime | None

MAX_TITLE = 31  # Excel's limit on a sheet name
FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
MIN_WIDTH = 6.0
MAX_WIDTH = 60.0
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
HEADER_SEARCH_ROWS = 10  # the header row is looked for among this many non-blank rows at the top
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc)
CHOICE_ROWS = 500  # rows of a template that carry a column's drop-down


@dataclass(frozen=True)
class Sheet:
    """One worksheet. ``widths`` are Excel column widths (about one Latin character each); left
    out, they follow the longest line in each column. ``heading`` is a merged title row above
    the header; ``notes`` are merged rows between that title and the header. ``choices`` gives a
    column (by header) a drop-down of the values allowed in it, for a template people fill in
    (Excel and WPS show it; up to ``CHOICE_ROWS`` rows under the header)."""

    title: str
    headers: list[str]
    rows: Sequence[Sequence[CellValue]]
    widths: list[float] | None = None
    notes: list[str] = field(default_factory=list)
    heading: str | None = None
    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)


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
    for header, allowed in spec.choices.items():
        letter = get_column_letter(spec.headers.index(header) + 1)
        rule = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
        rule.add(f"{letter}{header_row + 1}:{letter}{header_row + CHOICE_ROWS}")
        worksheet.add_data_validation(rule)
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
#
# An upload is checked before openpyxl sees it, so that a small file cannot make the server work
# for minutes or take gigabytes (a 1.5 MB .xlsx can hold five million rows of sheet XML; a few
# hundred KB of shared strings can expand to gigabytes): its size; the zip's central directory
# (how many parts, how large each part and the whole archive are once uncompressed, how much
# each part is compressed — Python's zipfile never inflates a part beyond the size the directory
# states, so checking the directory bounds the work); no part may declare a DTD; the shared
# strings table is counted. Then sheets are streamed (openpyxl's read-only mode) and reading
# stops at the row limit. With defusedxml installed, openpyxl's XML parser refuses entity
# declarations too.

MB = 1024 * 1024
RATIO_FLOOR = 1 * MB  # parts smaller than this are not held to the compression ratio: they cannot cost much
XML_HEAD = 4096  # a DTD can only come before the root element: this much of each part is looked at
UTF16_HEADS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
SHARED_STRING_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:si|t|r)[\s/>]")
_READ_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    EOFError,
    OSError,
)
SPLIT = "请拆分成几个较小的工作簿分别导入。"
CORRUPT = "上传的文件已损坏或不是 .xlsx 工作簿，请用 Excel 打开确认后另存为 .xlsx 再上传。"
DTD = (
    "工作簿中含有 DTD（文档类型声明）或实体定义，出于安全原因不予读取；"
    "请用 Excel 打开后另存为 .xlsx 再上传。"
)


@dataclass(frozen=True)
class Limits:
    """What reading one upload may cost. The defaults fit an import of 100,000 rows a sheet;
    ``upload_bytes`` is set from the ``ZEREN_UPLOAD_MAX_BYTES`` setting by the Django callers."""

    upload_bytes: int = 20 * MB
    members: int = 1000  # parts in the zip (a workbook has a dozen; one per sheet, image, …)
    member_bytes: int = 128 * MB  # one part, uncompressed
    total_bytes: int = 320 * MB  # every part, uncompressed
    ratio: int = 100  # uncompressed / compressed size of one part (real sheets: 5–30)
    shared_strings_bytes: int = 64 * MB
    shared_strings_items: int = 2_000_000  # <si>, <r> and <t> elements: what openpyxl builds objects for
    rows: int = 100_000  # rows a sheet, blank ones included
    columns: int = 100  # columns read; cells further right are not looked at


LIMITS = Limits()


def _size(count: int) -> str:
    if count >= MB:
        return f"{count / MB:.1f} MB".replace(".0 MB", " MB")
    return f"{max(count // 1024, 1)} KB"


def read_upload(source: bytes | str | Path | IO[bytes], limits: Limits = LIMITS) -> bytes:
    """The bytes of an upload (bytes, a path or an open binary file), reading no more than the
    size limit allows; a larger file is refused with :class:`Problems`."""
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        try:
            with open(source, "rb") as handle:
                data = handle.read(limits.upload_bytes + 1)
        except OSError as error:
            raise Problems(f"无法读取文件：{error.strerror}") from None
    else:
        data = source.read(limits.upload_bytes + 1)
    if len(data) > limits.upload_bytes:
        raise Problems(
            f"上传的文件超过了 {_size(limits.upload_bytes)} 的上限；请删除不需要的内容，或" + SPLIT[1:]
        )
    return data


def check_archive(data: bytes, limits: Limits = LIMITS) -> None:
    """Refuse an upload that is not an .xlsx or that would cost too much to read, before any
    part of it is parsed. Raises :class:`Problems` with one Chinese sentence."""
    read_upload(data, limits)
    if data[:4] == OLE_MAGIC:
        raise Problems("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再上传。")
    if data[:4] != ZIP_MAGIC:
        raise Problems("上传的文件不是 .xlsx 工作簿，请上传 Excel 2007 及以上版本保存的 .xlsx 文件。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_directory(infos, limits)
            for info in infos:
                if not info.is_dir():
                    _check_part(archive, info, limits)
    except Problems:
        raise
    except _READ_ERRORS:
        raise Problems(CORRUPT) from None


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.members:
        raise Problems(
            f"工作簿由 {len(infos):,} 个部件组成，超过了 {limits.members:,} 个的上限，"
            "不像是正常的 .xlsx 文件，不予读取。"
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.member_bytes:
            raise Problems(
                f"工作簿中有一个部件解压后有 {_size(info.file_size)}，超过了 {_size(limits.member_bytes)} 的上限；"
                + SPLIT
            )
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise Problems(
                f"工作簿中有一个部件的压缩比异常（{info.file_size // max(info.compress_size, 1):,} 倍，"
                f"上限 {limits.ratio} 倍），疑似“压缩炸弹”，不予读取。"
            )
    if total > limits.total_bytes:
        raise Problems(
            f"工作簿解压后共有 {_size(total)}，超过了 {_size(limits.total_bytes)} 的上限；" + SPLIT
        )


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    with archive.open(info) as part:
        head = part.read(XML_HEAD)
        if head.startswith(UTF16_HEADS):  # Excel writes UTF-8 only; UTF-16 would hide what is looked for below
            raise Problems(CORRUPT)
        if _root_element(head) != b"sst":  # the shared strings, found by their root element whatever the name
            return
        if info.file_size > limits.shared_strings_bytes:
            raise Problems(
                f"工作簿的共享字符串表解压后有 {_size(info.file_size)}，超过了 "
                f"{_size(limits.shared_strings_bytes)} 的上限；请拆分成几个较小的工作簿分别导入。"
            )
        items, tail, chunk = 0, b"", head
        while chunk:
            window = tail + chunk
            # An element split across two chunks is counted once: only matches that end in the new chunk count.
            items += sum(1 for match in SHARED_STRING_ITEM.finditer(window) if match.end() > len(tail))
            if items > limits.shared_strings_items:
                raise Problems(
                    f"工作簿的共享字符串表超过了 {limits.shared_strings_items:,} 项的上限；" + SPLIT
                )
            tail, chunk = window[-32:], part.read(MB)


def _root_element(head: bytes) -> bytes | None:
    """The local name of the root element of an XML part from its first bytes (None: not XML).
    Raises :class:`Problems` for a DTD, and for a prolog longer than ``XML_HEAD`` (a DTD could
    hide behind it)."""
    text = head.removeprefix(b"\xef\xbb\xbf")
    whole = len(head) < XML_HEAD  # the head is the whole part
    pos = 0
    while True:
        while pos < len(text) and text[pos] in b" \t\r\n":
            pos += 1
        if pos >= len(text):
            if whole:
                return None
            raise Problems(CORRUPT)
        for start, end in ((b"<?", b"?>"), (b"<!--", b"-->")):
            if text.startswith(start, pos):
                found = text.find(end, pos + len(start))
                if found < 0:
                    if whole:
                        return None
                    raise Problems(CORRUPT)
                pos = found + len(end)
                break
        else:
            if text.startswith(b"<!", pos):
                raise Problems(DTD)
            match = ELEMENT.match(text, pos)
            return match.group(1) if match else None


@contextmanager
def open_workbook(data: bytes, limits: Limits = LIMITS) -> Iterator[Workbook]:
    """The upload as a read-only openpyxl workbook, after :func:`check_archive`; closed on exit.
    Anything openpyxl cannot read becomes :class:`Problems`."""
    check_archive(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DefusedXmlException:
        raise Problems(DTD) from None
    except _READ_ERRORS:
        raise Problems(CORRUPT) from None
    try:
        yield workbook
    finally:
        workbook.close()


def sheet_rows(worksheet: Worksheet, limits: Limits = LIMITS) -> Iterator[tuple[int, list[str | None]]]:
    """Every row of a sheet, blank ones included, as ``(excel_row_number, [cell text or None, …])``
    (up to ``limits.columns`` cells), streamed; a sheet with more than ``limits.rows`` rows is
    refused as soon as the next row is reached, and unreadable content becomes :class:`Problems`."""
    if hasattr(worksheet, "reset_dimensions"):
        worksheet.reset_dimensions()  # read-only sheets trust the file's stated size, which some tools get wrong
    try:
        for number, values in enumerate(worksheet.iter_rows(max_col=limits.columns, values_only=True), start=1):
            if number > limits.rows:
                raise Problems(
                    Problem(
                        f"行数超过了 {limits.rows:,} 行的上限；请删除多余的行，或拆分成几个工作簿分别导入。",
                        sheet=worksheet.title,
                    )
                )
            yield number, [None if value is None else cell_text(value) for value in values]
    except DefusedXmlException:
        raise Problems(DTD) from None
    except _READ_ERRORS:
        raise Problems(CORRUPT) from None


def read_rows(
    data: bytes,
    *,
    sheet: str | None = None,
    headers: Sequence[str],
    aliases: Mapping[str, Iterable[str]] | None = None,
    optional: Collection[str] = (),
    allow_extra: bool = False,
    limits: Limits = LIMITS,
) -> list[tuple[int, dict[str, str | None]]]:
    """Read an uploaded .xlsx: return ``(excel_row_number, {header: text or None})`` for each
    non-blank row under the header row.

    ``sheet`` names the worksheet (default: the first). The header row is the first of the
    top non-blank rows that holds the expected columns, so a title row above it is fine. Columns
    are matched by name in any order, ignoring case and surrounding spaces; ``aliases`` maps a
    header to other accepted names (e.g. ``{"code": ["代码", "区划代码"]}``). A header in
    ``optional`` may be missing (its value is then None); a column that is not expected is an
    error unless ``allow_extra``. Values come back as stripped text; an empty cell is None, a
    whole-number float is written without ".0", a date as 2024-01-05. Every problem is raised as
    :class:`Problems` (Chinese sentences naming the row and column); ``limits`` bound the work."""
    with open_workbook(data, limits) as workbook:
        return read_sheet(
            pick_sheet(workbook, sheet), headers=headers, aliases=aliases, optional=optional,
            allow_extra=allow_extra, limits=limits,
        )


def pick_sheet(workbook: Workbook, name: str | None) -> Worksheet:
    """The sheet called ``name`` (default: the first one)."""
    worksheets = list(workbook.worksheets)
    if not worksheets:
        raise Problems("工作簿中没有工作表。")
    if name is None:
        return worksheets[0]
    matches = [ws for ws in worksheets if ws.title == name]
    if not matches:
        present = "、".join(f"“{ws.title}”" for ws in worksheets)
        raise Problems(f"工作簿中没有名为“{name}”的工作表（现有工作表：{present}）。")
    return matches[0]


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


def read_sheet(
    worksheet: Worksheet,
    *,
    headers: Sequence[str],
    aliases: Mapping[str, Iterable[str]] | None = None,
    optional: Collection[str] = (),
    allow_extra: bool = False,
    limits: Limits = LIMITS,
) -> list[tuple[int, dict[str, str | None]]]:
    """:func:`read_rows` for one sheet of a workbook opened with :func:`open_workbook`."""
    aliases = aliases or {}
    expected = "、".join(f"“{header}”" for header in headers)
    accepted: dict[str, str] = {}
    for header in headers:
        for name in (header, *aliases.get(header, ())):
            accepted.setdefault(_normal(name), header)

    rows = sheet_rows(worksheet, limits)
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
        raise Problems(f"工作表“{worksheet.title}”是空的：第 1 行应为表头 {expected}。")
    if header_at is None:  # report against the row that looks most like a header
        header_at = max(top, key=lambda row: (_matches(row[1], accepted), -row[0]))
    header_number, header_cells = header_at
    while header_cells and header_cells[-1] is None:
        header_cells = header_cells[:-1]

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
        raise Problems([f"第 {header_number} 行：{problem}" for problem in problems])

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
        raise Problems([f"{where}有内容，但该列没有表头" for where in stray])
    return result


def _matches(cells: Sequence[str | None], accepted: Mapping[str, str]) -> int:
    return len({accepted[_normal(cell)] for cell in cells if cell is not None and _normal(cell) in accepted})
