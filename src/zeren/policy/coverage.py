"""Coverage of a regulation's text by a pack: every article computed (a rule an engine evaluates
cites it), described only (prose zeren shows but does not compute), or marked declarative — and
every article held verbatim."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from zeren.policy.articles import ParsedArticle, normalise, parse_article_id, parse_regulation
from zeren.policy.model import Policy
from zeren.policy.schema import CONDITIONAL_SECTIONS, Article, Source


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


STATUSES = ("computed", "described", "declarative", "missing")


@dataclass(frozen=True, slots=True)
class ArticleCoverage:
    id: str
    label: str
    status: str
    """``computed`` (a rule an engine evaluates cites it), ``described`` (only prose cites it: provisions,
    standing duties, procedure steps — zeren shows it but computes nothing from it), ``declarative``
    (marked, with the reason) or ``missing``."""
    rules: tuple[str, ...]
    """The computing rules that cite the article."""
    reason: str | None
    described_by: tuple[str, ...] = ()
    """The prose rules that cite it."""


def _computing(policy: Policy) -> Iterator[tuple[str, list[str]]]:
    """(rule id, cites) of everything an engine evaluates."""
    for scope in policy.scope:
        yield scope.id, list(scope.cites)
    for duty in policy.duties:
        if duty.activity is not None and duty.kind in ("periodic", "event", "one_off"):
            yield duty.id, list(duty.cites)
    for period in policy.influence_periods.values():
        yield period.id, list(period.cites)
    for reward in policy.rewards:
        yield reward.id, list(reward.cites)
    for summons in policy.summons:
        yield summons.id, list(summons.cites)
    for provision in policy.provisions:
        if provision.kind == "inspection_tour" and provision.every is not None:
            yield provision.id, list(provision.cites)  # the tour cycle (zeren.policy.tours)
    acc = policy.accountability
    if acc is not None:
        for listed in (*acc.grounds, *acc.measures):
            yield listed.id, list(listed.cites)
        for section in CONDITIONAL_SECTIONS:
            for conditional in getattr(acc, section):
                yield conditional.id, list(conditional.cites)
        if acc.veto_period is not None:
            yield "accountability.veto_period", list(acc.veto_period.cites)
    accidents = policy.accidents
    if accidents is not None:
        for accident_rule in (*accidents.grades, *accidents.report_to, *accidents.investigation):
            yield accident_rule.id, list(accident_rule.cites)
        yield "accidents.reporting", list(accidents.reporting_cites)
        yield "accidents.regrade", list(accidents.regrade_cites)


def _describing(policy: Policy) -> Iterator[tuple[str, list[str]]]:
    """(rule id, cites) of the prose zeren holds and shows but does not compute."""
    for provision in policy.provisions:
        yield provision.id, list(provision.cites)
    for duty in policy.duties:
        if duty.activity is None or duty.kind == "standing":
            yield duty.id, list(duty.cites)
    acc = policy.accountability
    proc = acc.procedure if acc is not None else None
    for step in ("propose", "investigate", "decide", "publish", "appeal"):
        value = getattr(proc, step) if proc is not None else None
        if value is not None:
            yield f"procedure.{step}", list(value.cites)


def _by_article(rules: Iterator[tuple[str, list[str]]], prefix: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for rule_id, cites in rules:
        for cite in cites:
            ref = parse_article_id(cite)
            if ref.prefix == prefix:
                out.setdefault(ref.article, []).append(rule_id)
    return out


def coverage(policy: Policy, text: str, prefix: str | None = None) -> list[ArticleCoverage]:
    """Match every article of ``text`` to the rules citing it — those zeren computes first, then
    those it only describes — or to a declarative mark."""
    sources = [s for s in policy.own_sources() if prefix is None or s.prefix == prefix]
    if not sources:
        raise ValueError(f"{policy.id} has no source with prefix {prefix}")
    source = sources[0]
    computed = _by_article(_computing(policy), source.prefix)
    described = _by_article(_describing(policy), source.prefix)
    declared = {a.number: a.declarative for a in source.articles}
    result = []
    for parsed in parse_regulation(text):
        aid = f"{source.prefix}-{parsed.number}"
        label = policy.citable[aid].label if aid in policy.citable else aid
        rules = tuple(dict.fromkeys(computed.get(parsed.number, [])))
        prose = tuple(dict.fromkeys(described.get(parsed.number, [])))
        reason = declared.get(parsed.number)
        if rules:
            status = "computed"
        elif prose:
            status = "described"
        elif reason:
            status = "declarative"
        else:
            status = "missing"
        result.append(ArticleCoverage(aid, label, status, rules, reason, prose))
    return result
