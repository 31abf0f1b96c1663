"""What no person may read on a page or on paper: internal ids, version hashes, raw vocabulary values,
Python/JSON values, file names and English. One pattern list for the page crawls
(tests/browser/test_no_internal_text_crawl.py, tests/test_no_internal_text_on_pages.py) and for the
documents (tests/documents/rendering.py adds what paper must not show either).

Staff still reach the ids: inside ``<details class="technical">`` (templates/zeren/_technical.html),
which the crawls leave out.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urldefrag, urlsplit

# Python's \b does not help: a Chinese character is a word character, so "自2025" has no boundary.
_A = r"(?<![A-Za-z0-9_])"
_Z = r"(?![A-Za-z0-9_])"

ALLOWED_WORDS = {
    # Names of file formats and programs as people in an office call them.
    "PDF": "a file format known by this name",
    "pdf": "the extension of a file's name as the person who uploaded it named it (排查报告.pdf)",
    "Excel": "the spreadsheet program the .xlsx exports open in",
    "WPS": "the office suite on most government desks",
    "Word": "the word processor the .docx documents open in",
    "ICS": "the calendar file format offered for subscription",
    "API": "the programming interface named for the technical staff who use it",
    # The language switch names each language in that language.
    "English": "the language switch offers English in English",
}
"""Latin words a Chinese page may show, each with the reason. Keep it short: anything else is a missing
label. (No demo person has a Latin name; a real one would be data, and belongs here only by test data.)"""


def _pattern(expression: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(expression, flags)


BASE_PATTERNS: dict[str, re.Pattern[str]] = {
    "version hash": _pattern(r"\d{4}\.\d+\+[0-9a-f]{6,10}|\+[0-9a-f]{6,}"),
    "pack id": _pattern(_A + r"[a-z]+(?:-[a-z]+)*-\d{4}" + _Z + r"|" + _A + r"cn-national" + _Z),
    "duty or rule id": _pattern(_A + r"(?:cz|hb|cn)-\d[A-Za-z0-9_.#-]*", re.IGNORECASE),
    "article id": _pattern(_A + r"[A-Z]{2,}-\d+(?:[.#]\d+)*#?"),
    "period key": _pattern(
        _A + r"\d{4}-(?:Q[1-4]|H[12]|M\d{1,2})" + _Z + r"|" + _A + r"event:\d+|" + _A + r"years:\d+"
        r"|(?<![\d-])\d{4}-\d{2}(?![-\d])"
    ),
    "dotted action name": _pattern(_A + r"[a-z_]+\.[a-z_]+" + _Z),
    "file name": _pattern(r"\.(?:yaml|yml|py|json|html)" + _Z),
    "Python or JSON value": _pattern(_A + r"(?:None|null|True|False|nan|undefined|NaN)" + _Z),
}


@cache
def vocabulary_values() -> tuple[str, ...]:
    """Every raw value of the core's vocabulary and the apps' choices (so a new value is checked too),
    longest first so that ``dept_principal`` is named rather than a part of it."""
    from django.apps import apps

    from zeren.policy import vocabulary

    values: set[str] = set()
    for name in dir(vocabulary):
        value = getattr(vocabulary, name)
        if name.isupper() and isinstance(value, tuple):
            values.update(v for v in value if isinstance(v, str))
        if name.isupper() and isinstance(value, dict):
            values.update(k for k in value if isinstance(k, str))
    for model in apps.get_models():
        if not model.__module__.startswith("zeren."):
            continue
        for model_field in model._meta.get_fields():
            for choice in getattr(model_field, "choices", None) or ():
                if isinstance(choice[0], str):
                    values.add(choice[0])
    return tuple(sorted((v for v in values if re.fullmatch(r"[a-z][a-z0-9_]*", v)), key=len, reverse=True))


def page_patterns() -> dict[str, re.Pattern[str]]:
    patterns = dict(BASE_PATTERNS)
    patterns["raw vocabulary value"] = _pattern(_A + "(?:" + "|".join(map(re.escape, vocabulary_values())) + ")" + _Z)
    patterns["English word"] = _pattern(
        _A + r"(?!(?:" + "|".join(ALLOWED_WORDS) + r")" + _Z + r")[A-Za-z][A-Za-z]{2,}" + r"(?![A-Za-z])"
    )
    return patterns


def offences(text: str, patterns: dict[str, re.Pattern[str]] | None = None) -> list[str]:
    """Each internal-looking piece of ``text``, named and shown in context; a piece is named once, by
    the first pattern that finds it."""
    patterns = page_patterns() if patterns is None else patterns
    taken: list[tuple[int, int]] = []
    found = []
    for name, pattern in patterns.items():
        for match in pattern.finditer(text):
            start, end = match.span()
            if start == end or any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            before = text[max(start - 15, 0) : start].replace("\n", " ")
            after = text[end : end + 15].replace("\n", " ")
            found.append(f"{name}: {match.group(0)!r} in «{before}{match.group(0)}{after}»")
    return found


# The crawl -----------------------------------------------------------------------------------------

SKIP = re.compile(
    r"^/(?:accounts/logout|i18n|api|static|media|admin)/"
    r"|\.(?:docx|xlsx|ics|pdf|png|jpe?g|zip|csv)$"
    r"|/(?:evidence|file)(?:/|$)|/jobs/\d+/file"
)
"""Not pages: logging out, the language switch, files, the API."""


def shape(url: str) -> str:
    """The page a URL is an instance of: ids, codes and query values replaced, so that the crawl sees
    a few of each kind of page (a duty list, a post, a person …) rather than all 600 posts."""
    parts = urlsplit(url)
    path = re.sub(r"/[^/]*\d[^/]*", "/#", parts.path)
    query = "&".join(sorted(p.split("=", 1)[0] for p in parts.query.split("&") if p))
    return path + ("?" + query if query else "")


@dataclass
class Frontier:
    """Breadth first from the start pages, at most ``per_shape`` pages of a shape and ``limit`` in all."""

    limit: int = 80
    per_shape: int = 2
    queue: deque[str] = field(default_factory=deque)
    seen: set[str] = field(default_factory=set)
    shapes: dict[str, int] = field(default_factory=dict)
    visited: list[str] = field(default_factory=list)

    def offer(self, urls: Iterable[str]) -> None:
        for url in urls:
            url = urldefrag(url)[0]
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if SKIP.search(parts.path) or url in self.seen:
                continue
            self.seen.add(url)
            kind = shape(url)
            if self.shapes.get(kind, 0) >= self.per_shape:
                continue
            self.shapes[kind] = self.shapes.get(kind, 0) + 1
            self.queue.append(url)

    def next(self) -> str | None:
        if not self.queue or len(self.visited) >= self.limit:
            return None
        url = self.queue.popleft()
        self.visited.append(url)
        return url


def local_links(hrefs: Iterable[str | None], base: str) -> list[str]:
    """Same-site links as paths (with their query), from ``href`` values found on the page at ``base``."""
    links = []
    for href in hrefs:
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        parts = urlsplit(href)
        if parts.scheme and parts.netloc and parts.netloc != urlsplit(base).netloc:
            continue
        path = parts.path or urlsplit(base).path
        if not path.startswith("/"):
            path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
        links.append(path + ("?" + parts.query if parts.query else ""))
    return links


def report(findings: dict[str, dict[str, list[str]]]) -> str:
    """``{persona: {url: [offence, …]}}`` as lines to read."""
    lines = []
    for persona, pages in findings.items():
        for url, found in pages.items():
            lines.append(f"{persona} {url}:")
            lines.extend(f"    {item}" for item in found)
    return "\n".join(lines)
