"""Article ids and the parsing of regulation texts into articles, 款 (paragraphs) and 项 (items).

An article id names a whole article or a part of it (docs/contracts.md):

- ``CZ-30``      常州 第三十条, the whole article;
- ``CZ-21#2``    第二十一条 第二款 (paragraph 2);
- ``CZ-6.4``     第六条 第（四）项 (item 4 of the first paragraph);
- ``HB-10#1.2``  the long form of ``HB-10.2``;
- ``NAT-493-3``  a national text: the prefix may itself contain a hyphen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_ID = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)-(?P<article>\d+)(?:#(?P<para>\d+))?(?:\.(?P<item>\d+))?$")

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """A parsed article id."""

    prefix: str
    article: int
    paragraph: int | None = None
    item: int | None = None

    @property
    def article_id(self) -> str:
        return f"{self.prefix}-{self.article}"

    def __str__(self) -> str:
        text = self.article_id
        if self.paragraph is not None and not (self.paragraph == 1 and self.item is not None):
            text += f"#{self.paragraph}"
        if self.item is not None:
            text += f".{self.item}"
        return text


def parse_article_id(text: str) -> ArticleRef:
    """Parse ``CZ-21#2`` and friends; raise ValueError naming the expected shape."""
    match = _ID.match(text)
    if match is None:
        raise ValueError(f"not an article id: {text!r} (expected e.g. CZ-6.4, CZ-21#2, HB-10, NAT-493-3)")
    para = match.group("para")
    item = match.group("item")
    paragraph = int(para) if para else (1 if item else None)
    return ArticleRef(match.group("prefix"), int(match.group("article")), paragraph, int(item) if item else None)


def cn_number(text: str) -> int:
    """Chinese numerals up to 99 (一, 十, 十二, 二十一, 三十)."""
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if "十" not in text:
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


_CN = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """The Chinese numeral for 0–99, as article and item numbers are written (21 → 二十一)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def normalise(text: str) -> str:
    """The form in which two renderings of the same legal text compare equal.

    NFKC folds full- and half-width punctuation (（ and (, ， and ,); all white space goes, since the
    source texts carry line and page breaks inside sentences.
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(slots=True)
class ParsedParagraph:
    text: str
    items: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ParsedArticle:
    number: int
    chapter: str | None
    paragraphs: list[ParsedParagraph] = field(default_factory=list)

    def full_text(self) -> str:
        parts: list[str] = []
        for paragraph in self.paragraphs:
            parts.append(paragraph.text)
            parts.extend(paragraph.items)
        return "\n".join(part for part in parts if part)


_ARTICLE = re.compile(r"^第([零一二三四五六七八九十]+)条[\s\u3000]*(.*)$")
_CHAPTER = re.compile(r"^第([零一二三四五六七八九十]+)章[\s\u3000]*(.*)$")
_ITEM = re.compile(r"^[（(]([零一二三四五六七八九十]+)[)）]\s*")
_TERMINAL = tuple("。；：;:！？!?”")


def parse_regulation(text: str) -> list[ParsedArticle]:
    """Split a regulation's text into articles, 款 and 项.

    The source texts carry page breaks inside sentences ("本级\\n\\n党委"), so a line joins the previous
    one unless the previous one ends a sentence or the line opens an article, chapter or item. After
    items, a plain paragraph continues the last item (河北第十条(二) has two paragraphs). Text after
    the last article that does not end a sentence (signatures, 印发 dates) is dropped.
    """
    chunks: list[str] = []
    for raw in text.splitlines():
        line = raw.strip().replace("\u3000", " ")
        if not line:
            continue
        opens = bool(_ARTICLE.match(line) or _CHAPTER.match(line) or _ITEM.match(line))
        if chunks and not opens and not chunks[-1].endswith(_TERMINAL) and not _CHAPTER.match(chunks[-1]):
            chunks[-1] += line
        else:
            chunks.append(line)

    articles: list[ParsedArticle] = []
    chapter: str | None = None
    last_was_item = False
    for chunk in chunks:
        if (m := _CHAPTER.match(chunk)) is not None:
            title = re.sub(r"\s+", "", m.group(2))
            chapter = f"第{m.group(1)}章 {title}".strip()
            continue
        if (m := _ARTICLE.match(chunk)) is not None:
            articles.append(ParsedArticle(cn_number(m.group(1)), chapter, [ParsedParagraph(m.group(2).strip())]))
            last_was_item = False
            continue
        if not articles:
            continue  # the covering notice before 第一条
        article = articles[-1]
        if _ITEM.match(chunk):
            article.paragraphs[-1].items.append(chunk)
            last_was_item = True
        elif last_was_item:
            article.paragraphs[-1].items[-1] += "\n" + chunk
        else:
            article.paragraphs.append(ParsedParagraph(chunk))
    if articles:
        last = articles[-1]
        while (
            len(last.paragraphs) > 1
            and not last.paragraphs[-1].items
            and not last.paragraphs[-1].text.endswith(_TERMINAL)
        ):
            last.paragraphs.pop()
    return articles
