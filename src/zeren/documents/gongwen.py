"""Write .docx files in the 公文 layout of GB/T 9704-2012 (党政机关公文格式).

What the standard fixes, and how it is written here (section numbers are the standard's):

* 5.1 A4 paper, 210 mm × 297 mm.
* 5.2.1 天头 (top margin) 37 mm, 订口 (left margin) 28 mm, type area 156 mm × 225 mm — so the
  right margin is 26 mm and the bottom margin 35 mm.
* 5.2.2 body in 3号 仿宋 (16 pt); 5.2.3 22 lines a page, 28 characters a line, filling the type
  area. Word is told so with the section's ``w:docGrid w:type="linesAndChars"``; every paragraph
  also has an exact line spacing of one grid line, so LibreOffice (which reads the grid less
  faithfully) lays out the same 22 lines.
* 7.3.1 title in 2号 小标宋 (22 pt), centred; one blank line under it.
* 7.3.3 level-one headings "一、" in 黑体; paragraphs indented two characters.
* 7.3.5 成文日期 in Arabic numerals with the year in full (2024年1月5日), under the 署名.
* 7.2 版头: 发文机关标志 in red 小标宋, 35 mm below the top of the type area; 发文字号 two lines
  under it, centred; a red rule as wide as the type area under the 文号, the title two lines under.
* 7.4 版记: the 印发 line between two heavy rules, 印发机关 one character from the left, 印发日期
  one character from the right, in 4号 仿宋, at the foot of the last page.
* 7.5 page numbers in 4号 半角宋体 Arabic digits between em dashes ("— 1 —"), odd pages at the
  right one character in, even pages at the left one character in, in a PAGE field.

Fonts are named as on a government PC (方正小标宋简体, 仿宋_GB2312, 黑体, 宋体); the document's font
table gives each an ``altName`` (宋体, 仿宋, SimHei, SimSun) and the GB2312 charset, so a PC without
them falls back to a Chinese font of the same kind instead of a Latin one.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor, Twips

from zeren.policy.articles import cn_numeral

# python-docx has no type stubs: its objects are Any. These aliases say which one is meant.
DocxDocument = Any
DocxParagraph = Any
DocxElement = Any

# ── the page (GB/T 9704-2012 §5) ────────────────────────────────────────────────────────────
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
TOP_MARGIN_MM = 37.0  # 天头
LEFT_MARGIN_MM = 28.0  # 订口
TYPE_WIDTH_MM = 156.0  # 版心
TYPE_HEIGHT_MM = 225.0
RIGHT_MARGIN_MM = PAGE_WIDTH_MM - LEFT_MARGIN_MM - TYPE_WIDTH_MM  # 26 mm
BOTTOM_MARGIN_MM = PAGE_HEIGHT_MM - TOP_MARGIN_MM - TYPE_HEIGHT_MM  # 35 mm
LINES_PER_PAGE = 22  # §5.2.3 一般每面排22行
CHARS_PER_LINE = 28  # §5.2.3 每行排28个字

TWIPS_PER_MM = 1440 / 25.4
POINTS_PER_MM = 72 / 25.4
# Rounded down, so that 22 lines (and 28 characters) always fit: Word drops a line that overflows.
LINE_PITCH_TWIPS = math.floor(TYPE_HEIGHT_MM * TWIPS_PER_MM / LINES_PER_PAGE)  # 579 = 28.95 pt
CHAR_PITCH_PT = TYPE_WIDTH_MM * POINTS_PER_MM / CHARS_PER_LINE  # 15.79 pt
CHAR_TWIPS = TYPE_WIDTH_MM * TWIPS_PER_MM / CHARS_PER_LINE  # 一字 (§3.1): 315.9 twips
CHAR_WIDTH = Twips(math.floor(CHAR_TWIPS * 0.99))
LINE_PITCH = Twips(LINE_PITCH_TWIPS)

# ── type sizes (字号) ─────────────────────────────────────────────────────────────────────
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_CHUHAO = Pt(42)  # 初号
BODY_SIZE_PT = 16
# docGrid charSpace: 4096ths of a point added to the default font size to make the character pitch.
CHAR_SPACE = math.floor((CHAR_PITCH_PT - BODY_SIZE_PT) * 4096)  # -848

# ── fonts: the name Word looks for, and what the font table offers when it is missing ─────────
XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
# The font table's altName: the font of the same kind every Windows desk has (Windows 7 and later
# ship 仿宋 and 楷体 in place of the GB2312 fonts of XP; WPS Office installs none of the 方正 fonts).
# Word uses the altName when the named font is missing; WPS and LibreOffice substitute by their own
# tables (see docs/documents.md).
FONT_FALLBACKS = {XIAOBIAOSONG: "宋体", FANGSONG: "仿宋", HEITI: "SimHei", KAITI: "楷体", SONGTI: "SimSun"}

RED = RGBColor(0xE6, 0x00, 0x12)
RED_HEX = "E60012"
EM_DASH = "—"

# On the character grid, LibreOffice gives a character wider than a grid cell (16 pt in a 15.79 pt
# cell) two cells, spreading the text to 14 characters a line. Drawing the 3号 characters at 98 %
# width makes them fit one cell; Word places them on the same 28-a-line grid either way.
GRID_SCALE = 98

# Schema order of the children of w:pPr and w:rPr (ECMA-376 §17.3.1.26, §17.3.2.28).
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]

TABLE_TEXT_SIZE = SIZE_4
TABLE_LINE = Pt(20)
HEADING_PREFIX = re.compile(r"^[一二三四五六七八九十百]+、")


@dataclass(frozen=True)
class Table:
    """A table in the body, e.g. a duty list with columns 序号 / 职责内容 / 依据条款.

    ``widths_mm`` must not add up to more than the 156 mm type area. ``centred`` lists the columns
    whose cells are centred; by default, the columns whose every cell is at most four characters
    (序号, 频次) are."""

    headers: list[str]
    rows: list[list[str]]
    widths_mm: list[float]
    centred: Sequence[int] | None = None

    def __post_init__(self) -> None:
        columns = len(self.headers)
        if columns == 0:
            raise ValueError("a table needs at least one column")
        if len(self.widths_mm) != columns:
            raise ValueError(f"{columns} headers but {len(self.widths_mm)} column widths")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != columns:
                raise ValueError(f"row {number} has {len(row)} cells, the table has {columns} columns")
        if sum(self.widths_mm) > TYPE_WIDTH_MM + 0.5:
            raise ValueError(f"the columns are {sum(self.widths_mm):g} mm wide; the type area is {TYPE_WIDTH_MM:g} mm")

    def centred_columns(self) -> set[int]:
        if self.centred is not None:
            return set(self.centred)
        return {
            index
            for index in range(len(self.headers))
            if self.rows and all(display_width(row[index]) <= 4 for row in self.rows)
        }


@dataclass(frozen=True)
class Section:
    """A part of the body: an optional level-one heading (given in full, e.g. "一、工作职责" — see
    :func:`heading_number`) followed by paragraphs and tables."""

    heading: str | None
    paragraphs: list[str | Table] = field(default_factory=list)


def heading_number(index: int) -> str:
    """The level-one ordinal for the ``index``-th heading (1 → "一、", 12 → "十二、")."""
    if not 1 <= index <= 99:
        raise ValueError("headings are numbered 1 to 99")
    return cn_numeral(index) + "、"


def display_width(text: str) -> float:
    """Width in 字 (one Chinese character): full-width characters count 1, half-width ½."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5 for char in text)


def date_text(day: datetime.date) -> str:
    """§7.3.5: Arabic numerals, the year in full, no leading zeros — 2024年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


# ── titles (§7.3.1: 回行时，要做到词意完整，排列对称，长短适宜，间距恰当) ──────────────────────────

# 2号 characters on one line of the type area: 156 mm at 22 pt.
TITLE_CHARS = math.floor(TYPE_WIDTH_MM * POINTS_PER_MM / SIZE_2.pt)  # 20
# The 文种 (and the duty documents' names) that end a title: never broken inside.
DOCUMENT_KINDS = (
    "安全生产责任清单",
    "安全生产履职档案",
    "责任清单",
    "履职档案",
    "决定",
    "通知",
    "通报",
    "意见",
    "报告",
    "请示",
    "批复",
    "公告",
    "通告",
    "纪要",
    "清单",
    "档案",
    "函",
)
# Where a title may break, best first (lower cost): after "关于…的" (before the 文种), before the
# 文种, after "关于", after a place or an organ (…区、…委员会), after punctuation. Anywhere else is a
# last resort; inside a bracket pair, a 文种 or a run of digits and Latin letters it never breaks.
_PHRASE_ENDS = (
    *("委员会", "人民政府", "政府", "办公室", "事故", "街道", "开发区", "新区"),
    *("省", "市", "区", "县", "镇", "乡"),
)
_NO_LINE_START = set("、，。；：？！）》〕」』”’%")
_NO_LINE_END = set("（《〔「『“‘")
_OPEN, _CLOSE = "（《〔「『“", "）》〕」』”"


def break_title(title: str, width: int = TITLE_CHARS) -> list[str]:
    """The title's lines: one line if it fits, else lines of at most ``width`` characters broken
    between whole phrases — after "关于…的", before the 文种 (which stays whole), after "关于" or a
    place or organ name — as few lines as may be, of lengths as even as the phrases allow (the
    梯形 or 菱形 of §7.3.1). A title with its own line breaks is kept as given."""
    text = title.strip()
    if "\n" in text:
        return [line.strip() for line in text.splitlines() if line.strip()]
    if display_width(text) <= width:
        return [text]
    costs = _break_costs(text)
    # best[i]: (cost, lines) of the best way to lay out text[:i] ending a line at i.
    best: dict[int, tuple[float, list[str]]] = {0: (0.0, [])}
    for end in range(1, len(text) + 1):
        if end != len(text) and end not in costs:
            continue
        options = []
        for start, (cost, lines) in best.items():
            if start >= end:
                continue
            line = text[start:end]
            if display_width(line) > width:
                continue
            break_cost = 0.0 if end == len(text) else costs[end]
            options.append((cost + break_cost + 10.0, [*lines, line]))  # every line costs: as few as may be
        if options:
            best[end] = min(options, key=lambda option: (option[0] + _unevenness(option[1]), len(option[1])))
    if len(text) not in best:  # a phrase longer than a line: cut it where it must
        return [text[i : i + width] for i in range(0, len(text), width)]
    return best[len(text)][1]


def _unevenness(lines: list[str]) -> float:
    """Lines of very different lengths look wrong (a last line of two characters); a little
    difference is the 梯形."""
    if len(lines) < 2:
        return 0.0
    widths = [display_width(line) for line in lines]
    return (max(widths) - min(widths)) / 4


def _break_costs(text: str) -> dict[int, float]:
    """Allowed break positions (a break at i starts a new line with text[i]) and their cost."""
    forbidden: set[int] = set()
    depth = 0
    for index, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth:
            forbidden.add(index)  # inside a bracket: 《…》、〔2026〕
    for kind in DOCUMENT_KINDS:
        start = text.find(kind)
        while start != -1:
            forbidden.update(range(start + 1, start + len(kind)))
            start = text.find(kind, start + 1)
    kind_start = next((len(text) - len(kind) for kind in DOCUMENT_KINDS if text.endswith(kind)), None)
    costs: dict[int, float] = {}
    for index in range(1, len(text)):
        before, after = text[index - 1], text[index]
        if index in forbidden or after in _NO_LINE_START or before in _NO_LINE_END:
            continue
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            continue
        if before == "的" and (kind_start is None or index == kind_start):
            cost = 0.0
        elif index == kind_start:
            cost = 1.0
        elif text[:index].endswith("关于") or before in "，、；：）》" or after in _OPEN:
            cost = 2.0
        elif text[:index].endswith(_PHRASE_ENDS):
            cost = 4.0
        elif before == "的":
            cost = 3.0
        else:
            cost = 40.0
        costs[index] = cost
    return costs


# ── amounts ──────────────────────────────────────────────────────────────────────────────────


def amount_text(yuan: int | float, *, unit: str = "元") -> str:
    """An amount of money as a 公文 prints it: whole 万 (to two decimals) as 万元 (4500000 → 450万元,
    1234500 → 123.45万元), anything else with thousands separators (12345 → 12,345元)."""
    if isinstance(yuan, float) and not yuan.is_integer():
        return f"{yuan:,.2f}{unit}"
    whole = int(yuan)
    if abs(whole) >= 10000 and whole % 100 == 0:
        wan = whole / 10000
        return f"{wan:.2f}".rstrip("0").rstrip(".") + "万" + unit
    return f"{whole:,}{unit}"


def gongwen_docx(
    *,
    title: str,
    sections: Sequence[Section],
    issuer: str | None = None,
    document_number: str | None = None,
    signature: str | None = None,
    date: datetime.date | None = None,
    footer_note: str | None = None,
    printed_on: datetime.date | None = None,
    copies: Sequence[str] = (),
    seal: bool = False,
    staff_note: str | None = None,
) -> bytes:
    """Return a .docx in the 公文 layout.

    ``issuer`` is the 发文机关标志, printed verbatim in red (e.g. "中共某某县委员会文件");
    ``document_number`` the 发文字号 (e.g. "某委发〔2024〕3号"); ``signature`` the 署名 above the
    成文日期 ``date``; ``footer_note`` the 印发机关 of the 版记, printed with ``printed_on``
    (default ``date``) followed by 印发; ``copies`` the 抄送机关 of the 版记. The title is broken
    into lines by :func:`break_title` (a line break in ``title`` breaks it where given).
    ``seal=True`` lays out the 署名 and 成文日期 for a 印章 (§7.3.5.1): three blank lines above the
    署名 for the seal, the date 右空四字 and the 署名 centred over it. ``staff_note`` (e.g. the
    policy pack's id and version) goes into the document's properties, never onto the page."""
    document = Document()
    _set_up_page(document)
    _set_up_styles(document)
    _add_font_fallbacks(document)

    def paragraph() -> DocxParagraph:
        return document.add_paragraph()

    if issuer:
        size = _issuer_size(issuer)
        mark = paragraph()
        _format(mark, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(size.pt * 1.2), grid=False)
        mark.paragraph_format.space_before = Mm(35) - Pt(size.pt * 0.1)  # 上边缘至版心上边缘 35 mm
        _run(mark, issuer, font=XIAOBIAOSONG, size=size, color=RED)
        _blank_lines(paragraph, 2 if document_number else 1)
    if document_number:
        number = paragraph()
        _format(number, align=WD_ALIGN_PARAGRAPH.CENTER, grid=False, tight=True)
        _run(number, document_number, font=FANGSONG, size=SIZE_3)
        _border(number, "bottom", color=RED_HEX, eighths=12, space_pt=11)  # 文号之下 4 mm 处的红色分隔线
    if issuer or document_number:
        _blank_lines(paragraph, 2)  # 标题编排于红色分隔线下空二行位置

    for line in break_title(title) or [""]:
        heading = paragraph()
        _format(heading, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True, grid=False)
        _run(heading, line, font=XIAOBIAOSONG, size=SIZE_2)
    _blank_lines(paragraph, 1)  # 标题下空一行

    for section in sections:
        if section.heading:
            head = paragraph()
            _format(head, indent_chars=2, keep_with_next=True)
            _run(head, section.heading, font=HEITI, size=SIZE_3, scale=GRID_SCALE)
        for block in section.paragraphs:
            if isinstance(block, Table):
                _add_table(document, block)
            else:
                text = paragraph()
                _format(text, indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
                _run(text, block, font=FANGSONG, size=SIZE_3, scale=GRID_SCALE)

    if signature or date:
        # The 署名 and 成文日期 never stand alone on a page: they keep with the last lines of the body.
        if document.paragraphs:
            document.paragraphs[-1].paragraph_format.keep_with_next = True
        # 在正文之下空一行右空二字编排署名; with a seal, room for it: 印章顶端上距正文一行之内, and
        # the seal (42 mm, four lines) presses down on the 署名 and the 成文日期.
        for _ in range(3 if seal and signature else 1):
            blank = paragraph()
            _format(blank, keep_with_next=True)
        when = date_text(date) if date else ""
        if signature:
            name = paragraph()
            # With a seal, 以成文日期为准居中编排发文机关署名: centred over the date, which is 右空四字.
            centred = 4.0 + (display_width(when) - display_width(signature)) / 2
            right_name = max(centred, 0.0) if seal and date else 2.0
            _format(name, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=right_name, grid=False, keep_with_next=bool(date))
            _run(name, signature, font=FANGSONG, size=SIZE_3)
        if date:
            # 成文日期首字比署名首字右移二字; without a 署名 or with a seal, 右空四字.
            right = display_width(signature) - display_width(when) if signature and not seal else 4.0
            day = paragraph()
            # Off the grid: LibreOffice gives every half-width digit run whole grid cells ("2024  年3 月").
            _format(day, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=max(right, 0.0), grid=False, tight=True)
            _run(day, when, font=FANGSONG, size=SIZE_3)

    printed = printed_on or date
    printed_text = date_text(printed) + "印发" if printed else ""
    if copies or footer_note:
        _add_imprint(paragraph(), footer_note or "", printed_text if footer_note else "", copies)

    _add_page_numbers(document)
    properties = document.core_properties
    properties.title = title.replace("\n", "")
    properties.language = "zh-CN"
    properties.author = signature or issuer or ""
    properties.comments = staff_note or ""
    properties.keywords = document_number or ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ── page, styles, fonts ──────────────────────────────────────────────────────────────────────


def _set_up_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(TOP_MARGIN_MM)
    section.bottom_margin = Mm(BOTTOM_MARGIN_MM)
    section.left_margin = Mm(LEFT_MARGIN_MM)
    section.right_margin = Mm(RIGHT_MARGIN_MM)
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    # §7.5: the em-dash line of the page number 7 mm below the type area (35 mm margin); the footer
    # line is 18 pt (6.35 mm) high with the dash at about its middle: 35 − 7 − 3.2 ≈ 24.8 mm.
    section.footer_distance = Mm(24.8)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    document.settings.odd_and_even_pages_header_footer = True  # page numbers right on odd, left on even pages


def _set_up_styles(document: DocxDocument) -> None:
    """Body text by default: 3号 仿宋, one grid line exactly, no space between paragraphs, Chinese."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(run_defaults, FANGSONG)
    for tag in ("w:sz", "w:szCs"):
        run_defaults.find(qn(tag)).set(qn("w:val"), str(BODY_SIZE_PT * 2))
    language = run_defaults.find(qn("w:lang"))
    language.set(qn("w:val"), "zh-CN")
    language.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE_PITCH_TWIPS))
    spacing.set(qn("w:lineRule"), "exact")
    normal = document.styles["Normal"]
    normal.font.size = SIZE_3
    _set_fonts(normal.element.get_or_add_rPr(), FANGSONG)
    normal.paragraph_format.widow_control = False  # 公文 fills every line of the type area


def _add_font_fallbacks(document: DocxDocument) -> None:
    """Declare the 公文 fonts in word/fontTable.xml with a fallback (altName) and the GB2312 charset."""
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    fonts = parse_xml(part.blob)
    for name, fallback in FONT_FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", fallback), ("w:charset", "86"), ("w:family", "modern")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        pitch = OxmlElement("w:pitch")
        pitch.set(qn("w:val"), "fixed")
        font.append(pitch)
        fonts.append(font)
    # The font table is a plain (blob) part in python-docx: there is no public setter for its bytes.
    part._blob = serialize_part_xml(fonts)


def _set_fonts(rpr: DocxElement, name: str) -> None:
    """Name the font for every script, East Asian (w:eastAsia) included: python-docx's font.name
    sets only ascii/hAnsi, and Chinese text is drawn with the eastAsia font."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), name)


# ── paragraphs and runs ─────────────────────────────────────────────────────────────────────


def _format(
    paragraph: DocxParagraph,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent_chars: float = 0,
    right_chars: float = 0,
    line: Length = LINE_PITCH,
    keep_with_next: bool = False,
    grid: bool = True,
    tight: bool = False,
) -> None:
    """Exact line spacing (one grid line unless told), no space around, indents in 字 — both as
    Word's *Chars attributes (which follow the character grid) and as a length, rounded down so
    that two characters of indent never take three grid cells. ``grid=False`` takes the paragraph
    off the character grid (w:snapToGrid 0): titles, tables, footers keep their natural spacing.
    ``tight=True`` drops the automatic space between Chinese and digits (2024年3月8日, 〔2024〕5号)."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if align is not None:
        fmt.alignment = align
    if keep_with_next:
        fmt.keep_with_next = True
    if indent_chars:
        fmt.first_line_indent = _chars(indent_chars)
    if right_chars:
        fmt.right_indent = _chars(right_chars)
    ppr = paragraph._p.get_or_add_pPr()
    if indent_chars or right_chars:
        ind = ppr.find(qn("w:ind"))
        if indent_chars:
            ind.set(qn("w:firstLineChars"), str(round(indent_chars * 100)))
        if right_chars:
            ind.set(qn("w:rightChars"), str(round(right_chars * 100)))
    off = [*(["snapToGrid"] if not grid else []), *(["autoSpaceDE", "autoSpaceDN"] if tight else [])]
    for name in off:
        switch = OxmlElement(f"w:{name}")
        switch.set(qn("w:val"), "0")
        _place(ppr, switch, PPR_ORDER)


def _chars(count: float) -> Twips:
    """``count`` characters (字) of the grid as a length, 1 % short: LibreOffice rounds the grid
    cell down (15.76 pt for Word's 15.79), and an indent a hair wider than two cells takes three."""
    return Twips(math.floor(CHAR_TWIPS * count * 0.99))


def _run(
    paragraph: DocxParagraph,
    text: str,
    *,
    font: str,
    size: Length,
    color: RGBColor | None = None,
    scale: int | None = None,
) -> DocxElement:
    run = paragraph.add_run(text)
    run.font.size = size
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr, font)
    if color is not None:
        run.font.color.rgb = color
    if scale is not None:
        width = OxmlElement("w:w")
        width.set(qn("w:val"), str(scale))
        _place(rpr, width, RPR_ORDER)
    return run


def _place(parent: DocxElement, child: DocxElement, order: Sequence[str]) -> None:
    """Insert ``child`` where the schema's sequence ``order`` (local names) puts it."""
    rank = order.index(child.tag.rsplit("}", 1)[-1])
    for existing in parent:
        name = existing.tag.rsplit("}", 1)[-1]
        if name in order and order.index(name) > rank:
            existing.addprevious(child)
            return
    parent.append(child)


def _blank_lines(paragraph: Callable[[], DocxParagraph], count: int) -> None:
    for _ in range(count):
        _format(paragraph())


def _border(paragraph: DocxParagraph, side: str, *, color: str = "000000", eighths: int = 8, space_pt: int = 1) -> None:
    """A rule along one side of the paragraph, as wide as the paragraph (the type area)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        _place(ppr, borders, PPR_ORDER)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(eighths))
    line.set(qn("w:space"), str(space_pt))
    line.set(qn("w:color"), color)
    _place(borders, line, ("top", "left", "bottom", "right", "between", "bar"))


def _issuer_size(issuer: str) -> Pt:
    """初号 (42 pt) unless the 发文机关标志 is too long for one line of the type area."""
    fits = TYPE_WIDTH_MM * POINTS_PER_MM / max(display_width(issuer), 1) * 0.95
    return Pt(min(SIZE_CHUHAO.pt, math.floor(fits)))


# ── table ────────────────────────────────────────────────────────────────────────────────────


def _add_table(document: DocxDocument, spec: Table) -> None:
    table = document.add_table(rows=1 + len(spec.rows), cols=len(spec.headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    widths = [Mm(width) for width in spec.widths_mm]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    centred = spec.centred_columns()
    for row_index, (row, values) in enumerate(zip(table.rows, [spec.headers, *spec.rows], strict=True)):
        header = row_index == 0
        tr_pr = row._tr.get_or_add_trPr()
        if header:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
        tr_pr.append(OxmlElement("w:cantSplit"))
        for column_index, (cell, value, width) in enumerate(zip(row.cells, values, widths, strict=True)):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            lines = value.split("\n") if value else [""]
            cell_paragraph = cell.paragraphs[0]
            for number, text in enumerate(lines):
                target = cell_paragraph if number == 0 else cell.add_paragraph()
                align = WD_ALIGN_PARAGRAPH.CENTER if header or column_index in centred else WD_ALIGN_PARAGRAPH.LEFT
                _format(target, align=align, line=TABLE_LINE, grid=False)
                _run(target, text, font=HEITI if header else FANGSONG, size=TABLE_TEXT_SIZE)


# ── 版记 and page numbers ───────────────────────────────────────────────────────────────────


HEAVY_RULE = 8  # 版记的首条、末条分隔线: 0.35 mm ≈ 1 pt, in eighths of a point


def _imprint_frame(paragraph: DocxParagraph) -> None:
    """A frame at the bottom of the type area: the 版记 sits at the foot of the last page (末条分隔线
    与公文最后一面的版心下边缘重合). Consecutive paragraphs with the same frame share it."""
    frame = OxmlElement("w:framePr")
    for key, value in (
        ("w:w", str(round(TYPE_WIDTH_MM * TWIPS_PER_MM))),
        ("w:wrap", "notBeside"),
        ("w:vAnchor", "margin"),
        ("w:hAnchor", "margin"),
        ("w:xAlign", "center"),
        ("w:yAlign", "bottom"),
    ):
        frame.set(qn(key), value)
    _place(paragraph._p.get_or_add_pPr(), frame, PPR_ORDER)


def _copies_text(copies: Sequence[str]) -> str:
    names = [name.strip().rstrip("，、。；") for name in copies if name.strip()]
    return "抄送：" + "，".join(dict.fromkeys(names)) + "。"


def _add_imprint(paragraph: DocxParagraph, printer: str, printed: str, copies: Sequence[str] = ()) -> None:
    """§7.4: the 版记 between two heavy rules (0.35 mm), 4号 仿宋: the 抄送 line (§7.4.2, 抄送：…。)
    and under it the 印发 line, 印发机关 one character in from the left, 印发日期 one character in
    from the right; kept at the foot of the last page by a frame anchored to the bottom of the type
    area. One paragraph (the lines split by a line break): LibreOffice gives two framed paragraphs
    two frames, and ignores a floating table's position — so the thin rule the standard draws
    between 抄送 and 印发 is not drawn."""
    _format(paragraph, line=Pt(28), grid=False, tight=True)
    fmt = paragraph.paragraph_format
    fmt.left_indent = CHAR_WIDTH
    fmt.right_indent = CHAR_WIDTH
    fmt.tab_stops.add_tab_stop(_chars(CHARS_PER_LINE - 1), WD_TAB_ALIGNMENT.RIGHT)  # tabs count from the margin
    _imprint_frame(paragraph)
    _border(paragraph, "top", eighths=HEAVY_RULE, space_pt=4)
    _border(paragraph, "bottom", eighths=HEAVY_RULE, space_pt=4)
    if copies:
        run = _run(paragraph, _copies_text(copies), font=FANGSONG, size=SIZE_4)
        if printer or printed:
            run.add_break()
    if printer:
        _run(paragraph, printer, font=FANGSONG, size=SIZE_4)
    if printed:
        _run(paragraph, "\t" + printed, font=FANGSONG, size=SIZE_4)


def _add_page_numbers(document: DocxDocument) -> None:
    section = document.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        _format(
            paragraph,
            align=WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT,
            line=Pt(18),
            grid=False,
        )
        fmt = paragraph.paragraph_format
        if odd:
            fmt.right_indent = CHAR_WIDTH  # 单页码居右空一字
        else:
            fmt.left_indent = CHAR_WIDTH  # 双页码居左空一字
        _page_number_run(paragraph, EM_DASH + " ")
        _page_field(paragraph)
        _page_number_run(paragraph, " " + EM_DASH)


def _page_number_run(paragraph: DocxParagraph, text: str) -> DocxElement:
    run = _run(paragraph, text, font=SONGTI, size=SIZE_4)
    # The em dash is drawn with the East Asian font, full width: the standard's 一字线.
    run._r.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:hint"), "eastAsia")
    return run


def _page_field(paragraph: DocxParagraph) -> None:
    """A complex PAGE field: begin, instruction, separate, the cached result "1", end."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = _run(paragraph, "", font=SONGTI, size=SIZE_4)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instruction = parse_xml(
                '<w:instrText xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
                ' xml:space="preserve"> PAGE </w:instrText>'
            )
            run._r.append(instruction)
        else:
            run.text = text
