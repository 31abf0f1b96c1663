"""Commendation eligibility (表扬奖励): which officials of a region may be given 记功 or 嘉奖 for the
region's assessment results (常州 第十九条: 任期内连续3年优秀; 河北 第十九条、第二十条), and which are
refused while a one-vote-veto restriction is in force (常州 第二十二条, 河北 第二十三条).

The judgement is the core's (:func:`zeren.policy.rewards.evaluate_reward`); this module gathers its
facts from what zeren stores — the published assessment results (:mod:`zeren.assessments.selectors`),
the officials' terms (zeren.org appointments) — and the restrictions, which the accountability app
keeps above this one in the layers. They are therefore passed in as a function (a
:data:`RestrictionLookup`): the dossier (zeren.cases) and this app's page hand over
``zeren.cases.selectors.reward_restrictions``. Nothing here is stored: the list is computed from the
published results and the appointments each time it is asked for, with the policy version.

Who is considered: the members of a region's party committee and government (党政领导干部; not its
departments, which are assessed on their own), with one term per person and region — consecutive
posts in the region's party committee and government (区长 then 书记) are one term.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeren.accidents.presentation import articles
from zeren.assessments.selectors import PublishedResult, published_results
from zeren.org.bindings import policy_for
from zeren.org.models import Appointment, Jurisdiction, Person
from zeren.policy.model import Policy
from zeren.policy.rewards import evaluate_reward, parse_reward_facts

RestrictionLookup = Callable[[Collection[int]], dict[int, list[dict[str, Any]]]]
"""Person ids → their restrictions in the core's shape (``kind``, ``from``, ``until``, ``cites``)."""

REGION_BODIES = ("party_committee", "government")
HISTORY_YEARS = 10
"""How many years back the streak is looked for (no reward rule asks for more than three)."""

AWARD_LABELS = {
    "merit": gettext_lazy("merit (记功)"),
    "citation": gettext_lazy("citation (嘉奖)"),
    "commendation": gettext_lazy("commendation (表彰奖励)"),
}
REFUSAL_LABELS = {"no_excellence_or_award": gettext_lazy("No excellence rating or award (评优评先)")}


@dataclass(frozen=True)
class Term:
    """A person's term (任期) in a region's party committee and government: from the first day of the
    first post to the last day of the last (``end`` None: still in post)."""

    person: Person
    jurisdiction: Jurisdiction
    posts: tuple[str, ...]
    start: datetime.date
    end: datetime.date | None


@dataclass
class Candidate:
    """One official and the core's verdict on them, with the reasons in words."""

    term: Term
    policy: Policy
    verdict: dict[str, Any]
    region_met: bool
    """The region's results alone meet a reward rule (before the term and the restrictions)."""
    on: datetime.date
    reasons: list[str] = field(default_factory=list)
    articles: list[dict[str, str]] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return bool(self.verdict["eligible"])

    @property
    def refused(self) -> bool:
        return bool(self.verdict["refused"])

    @property
    def awards(self) -> list[str]:
        return [str(AWARD_LABELS.get(a, a)) for a in self.verdict["awards"]]

    @property
    def years(self) -> list[int]:
        return list(self.verdict["years"])


def _years_text(years: list[int]) -> str:
    if not years:
        return ""
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}—{years[-1]}"


def _reasons(candidate: Candidate) -> None:
    v = candidate.verdict
    term = candidate.term
    years = list(v["years"])
    if years:
        candidate.reasons.append(
            _("Rated excellent %(n)s year(s) running within the term: %(years)s.")
            % {"n": len(years), "years": _years_text(years)}
        )
    stopped = v.get("stopped_at")
    if stopped and stopped["because"] == "outside_term" and not v["eligible"]:
        candidate.reasons.append(
            _("%(year)s does not count: the term (from %(start)s%(end)s) does not cover the whole year.")
            % {
                "year": stopped["year"],
                "start": term.start.isoformat(),
                "end": _(" to %(day)s") % {"day": term.end.isoformat()} if term.end else "",
            }
        )
    elif stopped and not v["eligible"] and not v["refused"]:
        because = {"not_excellent": _("not rated excellent"), "not_assessed": _("no published result")}
        candidate.reasons.append(
            _("The streak ends at %(year)s: %(why)s.")
            % {"year": stopped["year"], "why": because.get(stopped["because"], stopped["because"])}
        )
    for refusal in v["refused_because"]:
        until = (
            _("until %(day)s (the day before it no longer applies)") % {"day": refusal["until"]}
            if refusal["until"]
            else _("end not set by the texts")
        )
        candidate.reasons.append(
            _("Refused: one-vote veto in force on %(on)s — %(what)s, from %(start)s, %(until)s.")
            % {
                "on": candidate.on.isoformat(),
                "what": REFUSAL_LABELS.get(refusal["kind"], refusal["kind"]),
                "start": refusal["from"],
                "until": until,
            }
        )
    candidate.articles = articles(candidate.policy, list(v["cites"]))


def _chain_end(chain: list[Appointment]) -> datetime.date | None:
    ends = [a.end for a in chain]
    return None if None in ends else max(e for e in ends if e is not None)


def _chains(appointments: list[Appointment]) -> list[list[Appointment]]:
    """Appointments (in order of start) joined where one begins by the day after the last ended."""
    chains: list[list[Appointment]] = []
    for a in appointments:
        if chains:
            end = _chain_end(chains[-1])
            if end is None or a.start <= end + datetime.timedelta(days=1):
                chains[-1].append(a)
                continue
        chains.append([a])
    return chains


def terms_in(jurisdictions: Iterable[Jurisdiction], day: datetime.date) -> list[Term]:
    """The terms in the regions' party committees and governments that cover ``day``."""
    by_id = {j.pk: j for j in jurisdictions}
    rows = (
        Appointment.objects.filter(
            post__body__jurisdiction_id__in=list(by_id), post__body__kind__in=REGION_BODIES, start__lte=day
        )
        .select_related("person", "post__body")
        .order_by("person_id", "post__body__jurisdiction_id", "start")
    )
    chains: dict[tuple[int, int], list[Appointment]] = {}
    for a in rows:
        chains.setdefault((a.person_id, a.post.body.jurisdiction_id), []).append(a)
    terms: list[Term] = []
    for (_person, jurisdiction_id), appointments in chains.items():
        for chain in _chains(appointments):
            start, end = chain[0].start, _chain_end(chain)
            if start <= day and (end is None or end >= day):
                posts = tuple(dict.fromkeys(a.post.title for a in chain))
                terms.append(Term(chain[0].person, by_id[jurisdiction_id], posts, start, end))
    return sorted(terms, key=lambda t: (t.jurisdiction.path, t.person.name))


def candidates(
    terms: list[Term], *, as_of_year: int, on: datetime.date, restrictions: RestrictionLookup
) -> list[Candidate]:
    """The core's verdict for each term, from the published results of its region."""
    years = range(as_of_year - HISTORY_YEARS + 1, as_of_year + 1)
    results = published_results([t.jurisdiction for t in terms], years)
    restricted = restrictions({t.person.pk for t in terms})
    out: list[Candidate] = []
    for term in terms:
        policy = policy_for(term.jurisdiction, datetime.date(as_of_year, 12, 31))
        if policy is None or not policy.rewards:
            continue
        grades = grades_of(results, term.jurisdiction.pk)
        facts: dict[str, Any] = {
            "assessments": {str(y): g for y, g in grades.items()},
            "as_of_year": as_of_year,
            "term": {"from": term.start.isoformat(), "to": term.end.isoformat() if term.end else None},
            "as_of": on.isoformat(),
            "restrictions": restricted.get(term.person.pk, []),
        }
        verdict = evaluate_reward(policy, parse_reward_facts(facts)).as_dict()
        region = evaluate_reward(
            policy, parse_reward_facts({"assessments": facts["assessments"], "as_of_year": as_of_year})
        )
        candidate = Candidate(term, policy, verdict, region.eligible, on)
        _reasons(candidate)
        out.append(candidate)
    return out


def grades_of(results: dict[tuple[int, int], PublishedResult], jurisdiction_id: int) -> dict[int, str]:
    return {year: r.grade for (jid, year), r in sorted(results.items()) if jid == jurisdiction_id}


@dataclass
class CommendationList:
    """The officials of the regions a jurisdiction assesses, for its office: who is eligible, who is
    not though the region's results would allow it (the term, a one-vote veto), and the regions'
    results by year."""

    jurisdiction: Jurisdiction
    as_of_year: int
    on: datetime.date
    eligible: list[Candidate]
    refused: list[Candidate]
    regions: list[dict[str, Any]]
    years: list[int]


def commendation_list(
    jurisdiction: Jurisdiction, *, as_of_year: int, on: datetime.date, restrictions: RestrictionLookup
) -> CommendationList:
    """For the regions directly below ``jurisdiction`` (the 上级党委和政府 commends them)."""
    regions = list(Jurisdiction.objects.filter(parent=jurisdiction).order_by("path"))
    years = list(range(as_of_year - 2, as_of_year + 1))
    results = published_results(regions, years)
    found = candidates(
        terms_in(regions, datetime.date(as_of_year, 12, 31)), as_of_year=as_of_year, on=on, restrictions=restrictions
    )
    region_rows = [
        {"jurisdiction": r, "results": [results.get((r.pk, y)) for y in years]}
        for r in regions
        if any((r.pk, y) in results for y in years)
    ]
    return CommendationList(
        jurisdiction,
        as_of_year,
        on,
        eligible=[c for c in found if c.eligible],
        refused=[c for c in found if not c.eligible and c.region_met],
        regions=region_rows,
        years=years,
    )


def person_eligibility(person: Person, *, on: datetime.date, restrictions: RestrictionLookup) -> list[Candidate]:
    """For the dossier: the person's terms in a region's party committee and government at the end
    of the last full year before ``on``, judged on ``on`` for that year's results."""
    as_of_year = on.year - 1
    day = datetime.date(as_of_year, 12, 31)
    regions = Jurisdiction.objects.filter(
        bodies__kind__in=REGION_BODIES, bodies__posts__appointments__person=person
    ).distinct()
    terms = [t for t in terms_in(regions, day) if t.person.pk == person.pk]
    return candidates(terms, as_of_year=as_of_year, on=on, restrictions=restrictions)
