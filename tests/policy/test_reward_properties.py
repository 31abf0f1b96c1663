"""Reward eligibility over random grades, terms and restrictions (hypothesis): only excellent years
wholly inside the term count; a restriction the rule names, in force on the day judged, always
refuses; one that ended the day before never does; and a refusal never names a reward."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zeren.policy.facts import FactsError
from zeren.policy.loader import Registry
from zeren.policy.rewards import evaluate_reward, parse_reward_facts

from .conftest import PACKS

REGISTRY = Registry([PACKS])
POLICIES = ("changzhou-2018", "hebei-2018")
YEARS = range(2016, 2026)
GRADES = ("excellent", "good", "average", "poor")

grades = st.dictionaries(st.sampled_from(list(YEARS)), st.sampled_from(GRADES), max_size=len(YEARS))
days = st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31))


@st.composite
def terms(draw: Any) -> dict[str, Any] | None:
    if draw(st.booleans()):
        return None
    start = draw(days)
    end = draw(st.one_of(st.none(), st.dates(start, dt.date(2027, 12, 31))))
    return {"from": start.isoformat(), "to": end.isoformat() if end else None}


def _verdict(pack: str, facts: dict[str, Any]) -> dict[str, Any]:
    return evaluate_reward(REGISTRY.get(pack), parse_reward_facts(facts)).as_dict()


def _covers(term: dict[str, Any] | None, year: int) -> bool:
    if term is None:
        return True
    start = dt.date.fromisoformat(term["from"])
    end = dt.date.fromisoformat(term["to"]) if term["to"] else None
    return start <= dt.date(year, 1, 1) and (end is None or end >= dt.date(year, 12, 31))


@settings(max_examples=120, deadline=None)
@given(pack=st.sampled_from(POLICIES), assessments=grades, term=terms(), as_of_year=st.sampled_from(list(YEARS)))
def test_the_streak_counts_only_excellent_years_wholly_inside_the_term(pack, assessments, term, as_of_year):
    facts = {"assessments": {str(y): g for y, g in assessments.items()}, "as_of_year": as_of_year, "term": term}
    verdict = _verdict(pack, facts)
    years = verdict["years"]
    assert years == list(range(as_of_year - len(years) + 1, as_of_year + 1))
    assert all(assessments[y] == "excellent" and _covers(term, y) for y in years)
    assert verdict["consecutive_excellent_years"] == len(years)
    if verdict["eligible"]:
        assert verdict["awards"] and not verdict["refused"]
    else:
        assert verdict["awards"] == []


@settings(max_examples=120, deadline=None)
@given(
    pack=st.sampled_from(POLICIES),
    assessments=grades,
    term=terms(),
    start=days,
    length=st.one_of(st.none(), st.integers(1, 2000)),
    judged=days,
    kind=st.sampled_from(["no_excellence_or_award", "no_promotion", "no_important_post"]),
)
def test_a_veto_in_force_on_the_day_judged_refuses_and_one_that_has_ended_does_not(
    pack, assessments, term, start, length, judged, kind
):
    base = {"assessments": {str(y): g for y, g in assessments.items()}, "as_of_year": 2025, "term": term}
    free = _verdict(pack, base)
    until = start + dt.timedelta(days=length) if length else None
    restricted = {
        **base,
        "as_of": judged.isoformat(),
        "restrictions": [{"kind": kind, "from": start.isoformat(), "until": until.isoformat() if until else None}],
    }
    verdict = _verdict(pack, restricted)
    in_force = start <= judged and (until is None or judged < until)
    assert verdict["years"] == free["years"]  # a restriction never changes the streak
    if free["eligible"] and in_force and kind == "no_excellence_or_award":
        assert not verdict["eligible"] and verdict["refused"] and verdict["awards"] == []
        assert verdict["refused_because"][0]["kind"] == kind
        assert {"CZ-22", "HB-23"} & set(verdict["cites"])
    else:
        assert verdict["eligible"] == free["eligible"]
        assert verdict["refused_because"] == []


def test_restrictions_without_the_day_judged_are_refused_as_facts_that_do_not_fit():
    with pytest.raises(FactsError) as raised:
        parse_reward_facts(
            {
                "assessments": {"2025": "excellent"},
                "as_of_year": 2025,
                "restrictions": [{"kind": "no_excellence_or_award", "from": "2025-01-01", "until": None}],
            }
        )
    assert any("as_of" in p for p in raised.value.problems)


def test_a_term_that_ends_before_it_begins_is_refused():
    with pytest.raises(FactsError) as raised:
        parse_reward_facts({"as_of_year": 2025, "term": {"from": "2025-03-01", "to": "2025-02-01"}})
    assert any("term" in p for p in raised.value.problems)


def test_the_verdict_cites_the_reading_of_the_term_when_a_term_is_given():
    verdict = _verdict(
        "changzhou-2018",
        {"assessments": {"2025": "excellent"}, "as_of_year": 2025, "term": {"from": "2020-01-01", "to": None}},
    )
    assert any("任期内" in note for note in verdict["notes"])
    assert verdict["trace"][0]["rule"] == "cz-19-three-excellent-years"
