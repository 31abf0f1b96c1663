"""The reader refuses small files that would cost minutes or gigabytes, and workbooks with a DTD.

The bombs are built here: a real workbook whose parts are replaced by crafted XML, written with
zipfile so they stay small on disk. The big ones are read in a child process bounded by
RLIMIT_AS (memory) and RLIMIT_CPU (a backstop against running away), never by a timed assertion.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import tracemalloc
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

import pytest
from openpyxl import Workbook

from zeren.documents.sheets import Limits, read_rows, read_upload
from zeren.problems import Problems

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
HEADERS = ["名称", "代码"]


def _base(shared_strings: bool = False) -> bytes:
    """A small, real workbook: one sheet 清单 with the header 名称, 代码 and one row."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "清单"
    sheet.append(HEADERS)
    sheet.append(["湖塘镇", "320412100"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if not shared_strings:
        return data
    types = _part(data, "[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    return _replace(data, {"[Content_Types].xml": [types]})


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def _replace(data: bytes, parts: dict[str, Iterable[bytes]], *, level: int = 9) -> bytes:
    """``data`` with the named parts replaced (or added), each written from its chunks."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info.filename))
        for name, chunks in parts.items():
            with target.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def _sheet(rows: Iterable[bytes], *, head: bytes = b"") -> Iterable[bytes]:
    yield head + f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    cells = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{text}</t></is></c>' for c, text in zip("AB", HEADERS, strict=True)
    )
    yield f'<row r="1">{cells}</row>'.encode()
    yield from rows
    yield b"</sheetData></worksheet>"


def _repeat(chunk: bytes, times: int, per_write: int = 10_000) -> Iterable[bytes]:
    block = chunk * per_write
    for _ in range(times // per_write):
        yield block
    yield chunk * (times % per_write)


def _problem(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(Problems) as raised:
        read_rows(data, headers=HEADERS, limits=limits or Limits())
    return str(raised.value)


def _in_child(path: Path) -> str:
    """Read ``path`` in a child process limited to 1 GB of address space; return what it printed."""
    code = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({1024**3}, {1024**3}))
        resource.setrlimit(resource.RLIMIT_CPU, (120, 120))
        from zeren.documents.sheets import read_rows
        from zeren.problems import Problems
        try:
            rows = read_rows(open(sys.argv[1], "rb").read(), headers={HEADERS!r})
        except Problems as error:
            print("REFUSED", error)
        else:
            print("READ", len(rows))
        # VmHWM: this program's own peak. ru_maxrss would not do: Linux carries the parent's peak
        # across fork and exec, so a child of a large test process reports at least its size.
        try:
            status = open("/proc/self/status").read().splitlines()
            peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        except (OSError, StopIteration):
            peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("PEAK_MB", peak_kb // 1024)
        """
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# ── size of the upload and of the zip's parts ─────────────────────────────────────────────────


def test_an_upload_over_the_size_limit_is_refused_naming_the_limit() -> None:
    with pytest.raises(Problems, match="上传的文件超过了 20 MB 的上限"):
        read_upload(io.BytesIO(b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024)))
    assert _problem(_base(), Limits(upload_bytes=1024)) == (
        "上传的文件超过了 1 KB 的上限；请删除不需要的内容，或拆分成几个较小的工作簿分别导入。"
    )


def test_read_upload_reads_no_more_than_the_limit_allows() -> None:
    class Endless(io.RawIOBase):
        asked: ClassVar[list[int]] = []

        def read(self, size: int = -1) -> bytes:
            self.asked.append(size)
            return b"x" * size

    with pytest.raises(Problems):
        read_upload(Endless(), Limits(upload_bytes=1000))  # type: ignore[arg-type]
    assert Endless.asked == [1001]


def test_the_five_million_row_bomb_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    row = b'<row><c t="n"><v>1</v></c></row>'
    bomb = _replace(_base(), {SHEET: _sheet(_repeat(row, 5_000_000))})
    assert len(bomb) < 2 * 1024 * 1024  # 160 MB of sheet XML in well under 2 MB on disk
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    out = _in_child(path)
    assert "REFUSED 工作簿中有一个部件解压后有 152.6 MB，超过了 128 MB 的上限" in out, out
    assert int(out.split("PEAK_MB")[1]) < 400, out


def test_a_part_compressed_more_than_the_ratio_allows_is_refused() -> None:
    row = b'<row><c t="n"><v>1</v></c></row>'
    bomb = _replace(_base(), {SHEET: _sheet(_repeat(row, 200_000))})  # 6 MB of XML, compressed about 700 times
    assert "压缩比异常" in _problem(bomb)
    assert "上限 100 倍），疑似“压缩炸弹”，不予读取。" in _problem(bomb)


def test_the_whole_archive_and_the_number_of_parts_are_limited() -> None:
    data = _base()
    assert "工作簿解压后共有" in _problem(data, Limits(total_bytes=10_000))
    assert _problem(data, Limits(members=5)).startswith("工作簿由 9 个部件组成，超过了 5 个的上限")


# ── rows ───────────────────────────────────────────────────────────────────────────────────────


def test_reading_stops_at_the_row_limit_with_a_message_naming_it() -> None:
    rows = (f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>镇{n}</t></is></c></row>'.encode() for n in range(2, 3000))
    data = _replace(_base(), {SHEET: _sheet(rows)})
    assert _problem(data, Limits(rows=1000)) == (
        "工作表“清单”：行数超过了 1,000 行的上限；请删除多余的行，或拆分成几个工作簿分别导入。"
    )
    assert len(read_rows(data, headers=HEADERS, limits=Limits(rows=3000))) == 2998


def test_a_row_numbered_beyond_the_limit_is_refused_without_building_the_rows_before_it() -> None:
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = _replace(_base(), {SHEET: _sheet([far])})
    tracemalloc.start()
    try:
        message = _problem(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "行数超过了 100,000 行的上限" in message
    assert peak < 100 * 1024 * 1024  # loose: the empty rows before it are not kept


# ── shared strings ─────────────────────────────────────────────────────────────────────────────


def _strings(items: Iterable[bytes], head: bytes = b"") -> Iterable[bytes]:
    yield head + f'<sst xmlns="{MAIN}">'.encode()
    yield from items
    yield b"</sst>"


def test_the_shared_strings_bomb_is_refused_before_openpyxl_reads_it(tmp_path: Path) -> None:
    bomb = _replace(
        _base(shared_strings=True), {"xl/sharedStrings.xml": _strings(_repeat(b"<si><t>x</t></si>", 20_000_000))}
    )
    assert len(bomb) < 1024 * 1024
    path = tmp_path / "strings.xlsx"
    path.write_bytes(bomb)
    out = _in_child(path)
    assert "REFUSED 工作簿中有一个部件解压后有" in out, out
    assert int(out.split("PEAK_MB")[1]) < 400, out


def test_shared_strings_are_counted_whatever_the_part_is_called() -> None:
    items = (f"<si><t>{n:07d}</t></si>".encode() for n in range(3000))
    data = _replace(_base(shared_strings=True), {"xl/other.xml": _strings(items, head=b"<?xml version='1.0'?>\n")})
    assert _problem(data, Limits(shared_strings_items=5000)) == (
        "工作簿的共享字符串表超过了 5,000 项的上限；请拆分成几个较小的工作簿分别导入。"
    )
    assert "共享字符串表解压后有" in _problem(data, Limits(shared_strings_bytes=10_000))


# ── DTDs and entities ──────────────────────────────────────────────────────────────────────────

DTD_MESSAGE = "工作簿中含有 DTD（文档类型声明）或实体定义，出于安全原因不予读取；请用 Excel 打开后另存为 .xlsx 再上传。"


@pytest.mark.parametrize(
    "part",
    [SHEET, "xl/workbook.xml", "[Content_Types].xml", "xl/styles.xml"],
)
def test_a_workbook_with_a_dtd_in_any_part_is_refused(part: str) -> None:
    data = _base()
    dtd = b'<?xml version="1.0"?>\n<!-- a comment --><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    assert _problem(_replace(data, {part: [dtd + _part(data, part)]})) == DTD_MESSAGE


def test_billion_laughs_in_the_sheet_is_refused() -> None:
    entities = b"".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">'.encode() for n in range(1, 10))
    head = b'<!DOCTYPE worksheet [<!ENTITY l0 "ha">' + entities + b"]>"
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>&l9;</t></is></c></row>'
    assert _problem(_replace(_base(), {SHEET: _sheet([row], head=head)})) == DTD_MESSAGE


def test_an_external_entity_is_refused() -> None:
    head = b'<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>&e;</t></is></c></row>'
    assert _problem(_replace(_base(), {SHEET: _sheet([row], head=head)})) == DTD_MESSAGE


def test_a_dtd_hidden_behind_a_long_prolog_is_refused() -> None:
    head = b"<!--" + b" " * 8000 + b'--><!DOCTYPE worksheet [<!ENTITY a "x">]>'
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>&a;</t></is></c></row>'
    assert _problem(_replace(_base(), {SHEET: _sheet([row], head=head)})) == (
        "上传的文件已损坏或不是 .xlsx 工作簿，请用 Excel 打开确认后另存为 .xlsx 再上传。"
    )


def test_an_entity_declared_after_the_head_is_still_refused_by_defusedxml() -> None:
    # Past the prolog check (a part whose root comes first cannot have a DTD), a stray entity
    # declaration inside a sheet is malformed XML: refused, never expanded, never a 500.
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>ok</t></is></c></row>' + b"<!ENTITY a 'x'>"
    with pytest.raises(Problems):
        read_rows(_replace(_base(), {SHEET: _sheet([row])}), headers=HEADERS)


def test_a_utf16_part_is_refused() -> None:
    data = _base()
    text = _part(data, SHEET).decode()
    assert "已损坏" in _problem(_replace(data, {SHEET: [text.encode("utf-16")]}))


def test_an_ordinary_workbook_still_reads() -> None:
    assert read_rows(_base(), headers=HEADERS) == [(2, {"名称": "湖塘镇", "代码": "320412100"})]
    assert read_rows(_base(), headers=HEADERS, limits=Limits(rows=2)) == [(2, {"名称": "湖塘镇", "代码": "320412100"})]
