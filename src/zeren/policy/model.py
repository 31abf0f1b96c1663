"""A resolved policy: a pack merged with the packs it extends, ready for the engines."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from zeren.policy.articles import cn_numeral, parse_article_id
from zeren.policy.schema import (
    CONDITIONAL_SECTIONS,
    AccidentRules,
    Accountability,
    ComplianceSettings,
    Duty,
    InfluencePeriod,
    Pack,
    Provision,
    Reading,
    Reward,
    Rule,
    ScopeRule,
    Source,
    SummonsRule,
)

T = TypeVar("T", bound=Rule)


@dataclass(frozen=True, slots=True)
class Citable:
    """A citable piece of text: an article, a 款 or a 项."""

    id: str
    label: str
    text: str


@dataclass(frozen=True)
class Policy:
    id: str
    version: str
    title: str
    jurisdiction: str
    jurisdiction_code: str | None
    issuer: str | None
    document_number: str | None
    issued: dt.date | None
    effective: dt.date
    supersedes: tuple[str, ...]
    chain: tuple[str, ...]
    path: Path
    pack: Pack
    sources: tuple[Source, ...]
    citable: dict[str, Citable]
    readings: dict[str, Reading]
    scope: tuple[ScopeRule, ...]
    duties: tuple[Duty, ...]
    compliance: ComplianceSettings
    accidents: AccidentRules | None
    accountability: Accountability | None
    influence_periods: dict[tuple[str, str | None], InfluencePeriod]
    rewards: tuple[Reward, ...]
    provisions: tuple[Provision, ...]
    summons: tuple[SummonsRule, ...] = ()

    def cite(self, cite: str) -> Citable:
        ref = parse_article_id(cite)
        return self.citable.get(str(ref)) or self.citable[ref.article_id]

    def own_sources(self) -> tuple[Source, ...]:
        return tuple(self.pack.sources)

    def rules(self) -> Iterator[Rule]:
        """Every rule in force in this policy (own and inherited)."""
        yield from self.scope
        yield from self.duties
        yield from self.influence_periods.values()
        yield from self.rewards
        yield from self.provisions
        yield from self.summons
        acc = self.accountability
        if acc is not None:
            yield from acc.grounds
            yield from acc.measures
            for section in CONDITIONAL_SECTIONS:
                yield from getattr(acc, section)
        if self.accidents is not None:
            yield from self.accidents.grades
            yield from self.accidents.report_to
            yield from self.accidents.investigation


def _citables(source: Source) -> dict[str, Citable]:
    out: dict[str, Citable] = {}
    for article in source.articles:
        base = f"{source.prefix}-{article.number}"
        label = f"{source.short} 第{cn_numeral(article.number)}条"
        whole: list[str] = []
        for p, paragraph in enumerate(article.paragraphs, start=1):
            ptext = "\n".join(t for t in [paragraph.text, *paragraph.items] if t)
            whole.append(ptext)
            plabel = f"{label} 第{cn_numeral(p)}款"
            out[f"{base}#{p}"] = Citable(f"{base}#{p}", plabel, ptext)
            for i, item in enumerate(paragraph.items, start=1):
                iid = f"{base}.{i}" if p == 1 else f"{base}#{p}.{i}"
                ilabel = f"{label} 第（{cn_numeral(i)}）项" if p == 1 else f"{plabel} 第（{cn_numeral(i)}）项"
                out[iid] = Citable(iid, ilabel, item)
        out[base] = Citable(base, label, "\n".join(whole))
    return out


def _by_id(base: tuple[T, ...], own: list[T]) -> tuple[T, ...]:
    merged = {rule.id: rule for rule in base}
    for rule in own:
        merged[rule.id] = rule
    return tuple(merged.values())


def resolve(pack: Pack, base: Policy | None, digest: str, path: Path) -> Policy:
    """Merge a validated pack over the policy it extends. Same-id rules replace inherited ones;
    influence periods are keyed by (measure, sanction); whole sections (scope, accidents,
    accountability, compliance) replace the inherited section when the pack has its own."""
    citable = dict(base.citable) if base is not None else {}
    for source in pack.sources:
        citable.update(_citables(source))
    periods = dict(base.influence_periods) if base is not None else {}
    for period in pack.influence_periods:
        periods[(period.measure, period.sanction)] = period
    chain_digest = hashlib.sha256(((base.version if base else "") + digest).encode()).hexdigest()
    return Policy(
        id=pack.id,
        version=f"{pack.version}+{chain_digest[:10]}",
        title=pack.title,
        jurisdiction=pack.jurisdiction,
        jurisdiction_code=pack.jurisdiction_code,
        issuer=pack.issuer,
        document_number=pack.document_number,
        issued=pack.issued,
        effective=pack.effective,
        supersedes=tuple(pack.supersedes),
        chain=(pack.id, *(base.chain if base else ())),
        path=path,
        pack=pack,
        sources=(*pack.sources, *(base.sources if base else ())),
        citable=citable,
        readings={**(base.readings if base else {}), **{r.id: r for r in pack.readings}},
        scope=tuple(pack.scope) if pack.scope else (base.scope if base else ()),
        duties=_by_id(base.duties if base else (), pack.duties),
        compliance=pack.compliance or (base.compliance if base else ComplianceSettings()),
        accidents=pack.accidents or (base.accidents if base else None),
        accountability=pack.accountability or (base.accountability if base else None),
        influence_periods=periods,
        rewards=_by_id(base.rewards if base else (), pack.rewards),
        provisions=_by_id(base.provisions if base else (), pack.provisions),
        summons=_by_id(base.summons if base else (), pack.summons),
    )
