"""Coverage of a regulation's text by a pack: every article encoded as rules or marked declarative,
and every article held verbatim."""

from __future__ import annotations

from dataclasses import dataclass

from zeren.policy.articles import ParsedArticle, normalise, parse_article_id, parse_regulation
from zeren.policy.model import Policy
from zeren.policy.schema import Article, Source


def compare_source(source: Source, text: str) -> list[tuple[int, str]]:
    """Differences between a pack's articles and the regulation's text, as (article, message)."""
    parsed = {a.number: a for a in parse_regulation(text)}
    problems: list[tuple[int, str]] = []
    for article in source.articles:
        found = parsed.get(article.number)
        if found is None:
            problems.append((article.number, f"{source.prefix}-{article.number} is not in the text"))
            continue
        problems.extend((article.number, m) for m in _compare(source.prefix, article, found))
    for number in sorted(set(parsed) - {a.number for a in source.articles}):
        problems.append((number, f"{source.prefix}-{number} of the text is missing from the pack"))
    return problems


def _compare(prefix: str, article: Article, found: ParsedArticle) -> list[str]:
    name = f"{prefix}-{article.number}"
    if len(article.paragraphs) != len(found.paragraphs):
        return [f"{name}: the text has {len(found.paragraphs)} 款, the pack {len(article.paragraphs)}"]
    problems = []
    for p, (mine, theirs) in enumerate(zip(article.paragraphs, found.paragraphs, strict=True), start=1):
        if len(mine.items) != len(theirs.items):
            problems.append(f"{name}#{p}: the text has {len(theirs.items)} 项, the pack {len(mine.items)}")
            continue
        for label, a, b in [(f"{name}#{p}", mine.text, theirs.text)] + [
            (f"{name}#{p}.{i}", x, y) for i, (x, y) in enumerate(zip(mine.items, theirs.items, strict=True), 1)
        ]:
            if normalise(a) != normalise(b):
                problems.append(f"{label}: not verbatim: the pack has {_diff_at(a, b)}")
    return problems


def _diff_at(mine: str, theirs: str) -> str:
    a, b = normalise(mine), normalise(theirs)
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return f"…{a[max(0, i - 8) : i + 8]}… where the text has …{b[max(0, i - 8) : i + 8]}…"


@dataclass(frozen=True, slots=True)
class ArticleCoverage:
    id: str
    label: str
    status: str
    """``encoded`` (rules cite it), ``declarative`` (marked, with the reason) or ``missing``."""
    rules: tuple[str, ...]
    reason: str | None


def coverage(policy: Policy, text: str, prefix: str | None = None) -> list[ArticleCoverage]:
    """Match every article of ``text`` to the rules citing it or to a declarative mark."""
    sources = [s for s in policy.own_sources() if prefix is None or s.prefix == prefix]
    if not sources:
        raise ValueError(f"{policy.id} has no source with prefix {prefix}")
    source = sources[0]
    cited: dict[int, list[str]] = {}
    for rule in policy.rules():
        for cite in rule.cites:
            ref = parse_article_id(cite)
            if ref.prefix == source.prefix:
                cited.setdefault(ref.article, []).append(rule.id)
    acc = policy.accountability
    if acc is not None and acc.procedure is not None:
        for step in (
            acc.procedure.propose,
            acc.procedure.investigate,
            acc.procedure.decide,
            acc.procedure.publish,
            acc.procedure.appeal,
        ):
            for cite in step.cites if step else []:
                ref = parse_article_id(cite)
                if ref.prefix == source.prefix:
                    cited.setdefault(ref.article, []).append(f"procedure.{step.actor if step else ''}")
    declared = {a.number: a.declarative for a in source.articles}
    result = []
    for parsed in parse_regulation(text):
        aid = f"{source.prefix}-{parsed.number}"
        label = policy.citable[aid].label if aid in policy.citable else aid
        rules = tuple(dict.fromkeys(cited.get(parsed.number, [])))
        if rules:
            result.append(ArticleCoverage(aid, label, "encoded", rules, declared.get(parsed.number)))
        elif declared.get(parsed.number):
            result.append(ArticleCoverage(aid, label, "declarative", (), declared[parsed.number]))
        else:
            result.append(ArticleCoverage(aid, label, "missing", (), None))
    return result
