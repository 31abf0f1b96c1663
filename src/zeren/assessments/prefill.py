"""Pre-filling an assessment: the facts of :mod:`zeren.policy.assessment` built from zeren's own
records, for many jurisdictions at once, in a few bulk queries (never one per jurisdiction).

Each kind of fact comes from one *fact source*: a function of the assessed jurisdictions
(:class:`Target`) and the year that returns, by jurisdiction id, the facts it knows (lists under the
facts' own keys — ``compliance``, ``accidents``, ``findings``, ``hazards``, ``supervision``,
``commendations``, ``vetoes_in_force`` — and, under ``links``, where each fact can be looked at).
The sources here read the duty verdicts (:mod:`zeren.records`) and the accident register
(:mod:`zeren.accidents`). The apps above this one add theirs with one call, for example the tours'
unrectified findings or the accountability cases' one-vote vetoes in force::

    from zeren.assessments.prefill import register_fact_source
    register_fact_source("findings", tour_findings)   # in the app's AppConfig.ready()

A source takes ``(targets, year, needs)``: ``needs`` (:class:`Needs`) says what the scheme reads, so
it may fetch less. A source's facts must fit the core's contract (docs/assessment.md); every item carries an ``id``
(the link key). Links: ``{"posts": {official: post code}, "accidents": {id: pk}, "finding" |
"hazard" | "supervision": {id: url}}`` — the entry page turns the first two into the post's duty
verdicts of the year and the accident's page; for the others the value is the URL itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from zeren.accidents.models import Accident
from zeren.org.models import Jurisdiction
from zeren.policy.scheme import LoadedScheme
from zeren.records.models import ComplianceRow


@dataclass(frozen=True)
class Target:
    """An assessed jurisdiction, as the fact sources need it."""

    id: int
    code: str
    name: str
    level: str
    path: str


@dataclass(frozen=True)
class Needs:
    """What the scheme reads of the facts, so a source fetches no more: ``compliance`` lists, per
    compliance deduction, the duties and activities it counts (empty: any); None means any missed
    period counts (or no scheme was given); an empty tuple, that the scheme counts none."""

    compliance: tuple[tuple[frozenset[str], frozenset[str]], ...] | None = None

    @classmethod
    def of(cls, loaded: LoadedScheme | None) -> Needs:
        if loaded is None:
            return cls()
        rules = [d for leaf in loaded.scheme.leaves() for d in leaf.deductions if d.source == "compliance"]
        if any(not rule.duties and not rule.activities for rule in rules):
            return cls()
        return cls(tuple((frozenset(rule.duties), frozenset(rule.activities)) for rule in rules))


Facts = dict[str, Any]
FactSource = Callable[[Sequence[Target], int, Needs], Mapping[int, Facts]]

FACT_SOURCES: dict[str, FactSource] = {}


def register_fact_source(name: str, source: FactSource) -> None:
    """Add (or replace) a fact source: its facts are merged into every pre-fill from then on."""
    FACT_SOURCES[name] = source


def targets_of(jurisdictions: Iterable[Jurisdiction]) -> list[Target]:
    return [Target(j.pk, j.code, j.name, j.level, j.path) for j in jurisdictions]


EVENT_PERIOD = "event:"
"""The verdicts of duties owed on an event (arriving at an accident's scene) are keyed by the event,
not by a period; the schemes deduct for accidents themselves, so these are not facts here."""


def compliance_facts(targets: Sequence[Target], year: int, needs: Needs) -> dict[int, Facts]:
    """The year's missed duty periods of the posts of each jurisdiction (its own bodies' posts), from
    the stored compliance verdicts; each names the official (and links to the post's verdicts).
    Verdicts of duties owed on an event (:data:`EVENT_PERIOD`) are left out, and so are the duties
    the scheme does not count (``needs``)."""
    ids = [t.id for t in targets]
    out: dict[int, Facts] = {}
    if not ids or needs.compliance == ():
        return out
    missed = ComplianceRow.objects.filter(year=year, status="missed", jurisdiction_id__in=ids)
    if needs.compliance is not None:
        counted = Q(pk__in=[])
        for duties, activities in needs.compliance:
            rule = Q()
            if duties:
                rule &= Q(obligation__in=sorted(duties))
            if activities:
                rule &= Q(activity__in=sorted(activities))
            counted |= rule
        missed = missed.filter(counted)
    rows = missed.order_by().values_list(
        "jurisdiction_id", "obligation", "period", "activity", "post__code", "post__title", "person__name"
    )
    for jurisdiction_id, obligation, period, activity, post_code, post_title, person in rows.iterator(chunk_size=5000):
        if period.startswith(EVENT_PERIOD):
            continue
        facts = out.get(jurisdiction_id)
        if facts is None:
            facts = out[jurisdiction_id] = {"compliance": [], "links": {"posts": {}}}
        official = f"{person}（{post_title}）"
        facts["compliance"].append(
            {
                "obligation": obligation,
                "period": period,
                "status": "missed",
                "activity": activity or None,
                "official": official,
            }
        )
        facts["links"]["posts"][official] = post_code
    return out


def accident_facts(targets: Sequence[Target], year: int, _needs: Needs) -> dict[int, Facts]:
    """The accidents of the year in each jurisdiction and its subtree (a township's accident is its
    county's too), with the grade the register holds (a regrading wins over the counts)."""
    by_code = {t.code: t for t in targets}
    out: dict[int, Facts] = {}
    if not targets:
        return out
    roots = _roots(targets)
    accidents = Accident.objects.filter(occurred_at__year=year).order_by("occurred_at", "pk")
    if len(roots) <= 20:
        where = Q()
        for path in roots:
            where |= Q(jurisdiction__path__startswith=path)
        accidents = accidents.filter(where)
    rows = accidents.values_list(
        "pk", "occurred_at", "deaths", "serious_injuries", "direct_loss_yuan", "sector", "grade", "jurisdiction__path"
    )
    zone = timezone.get_current_timezone()
    for pk, occurred_at, deaths, injuries, loss, sector, grade, path in rows:
        fact = {
            "id": str(pk),
            "occurred_at": timezone.localtime(occurred_at, zone).isoformat(),
            "deaths": deaths,
            "serious_injuries": injuries,
            "direct_loss_yuan": loss,
            "sector": sector or None,
            "grade": grade or None,
        }
        for code in path.strip("/").split("/"):
            target = by_code.get(code)
            if target is None:
                continue
            facts = out.get(target.id)
            if facts is None:
                facts = out[target.id] = {"accidents": [], "links": {"accidents": {}}}
            facts["accidents"].append(fact)
            facts["links"]["accidents"][str(pk)] = pk
    return out


def _roots(targets: Sequence[Target]) -> list[str]:
    """The fewest paths whose subtrees hold every target."""
    roots: list[str] = []
    for path in sorted(t.path for t in targets):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


register_fact_source("compliance", compliance_facts)
register_fact_source("accidents", accident_facts)


def prefilled_facts(
    targets: Sequence[Target], year: int, loaded: LoadedScheme | None = None
) -> dict[int, tuple[Facts, dict[str, Any]]]:
    """Every target's facts from every source (the facts' lists and their links), by jurisdiction id;
    given the scheme, only what it reads."""
    needs = Needs.of(loaded)
    merged: dict[int, tuple[Facts, dict[str, Any]]] = {}
    for target in targets:
        facts: Facts = {
            "jurisdiction": {"code": target.code, "name": target.name, "level": target.level},
            "year": year,
        }
        merged[target.id] = (facts, {})
    for source in FACT_SOURCES.values():
        found = source(targets, year, needs)
        for jurisdiction_id, part in found.items():
            if jurisdiction_id not in merged:
                continue
            facts, links = merged[jurisdiction_id]
            for key, value in part.items():
                if key == "links":
                    for kind, entries in value.items():
                        links.setdefault(kind, {}).update(entries)
                else:
                    facts.setdefault(key, []).extend(value)
    return merged
