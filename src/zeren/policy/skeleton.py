"""A pack's article skeleton from a regulation's text: the first step of adding a jurisdiction."""

from __future__ import annotations

from typing import Any

import yaml

from zeren.policy.articles import parse_regulation


def skeleton(text: str) -> str:
    """YAML for ``sources[].articles``: every article verbatim, split into 款 and 项."""
    articles: list[dict[str, Any]] = []
    for parsed in parse_regulation(text):
        entry: dict[str, Any] = {"number": parsed.number}
        if parsed.chapter:
            entry["chapter"] = parsed.chapter
        entry["paragraphs"] = [{"text": p.text, **({"items": p.items} if p.items else {})} for p in parsed.paragraphs]
        articles.append(entry)
    dumped: str = yaml.safe_dump({"articles": articles}, allow_unicode=True, sort_keys=False, width=1000)
    return dumped
