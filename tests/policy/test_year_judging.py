"""Which year judges a period, the years a period spans, the carry of a two-year period into the year
it ends, and the years a record can change — the period rules a store of verdicts per year follows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zeren.policy.compliance import carried_over, carry, compliance_plan, credit_years, judged_in, judged_slots
from zeren.policy.loader import Registry
from zeren.policy.model import Policy
from zeren.policy.periods import judging_year, period_of, years_spanned

from .conftest import PACKS, write

TWO_YEARS = """\
id: shanhai-2030
version: "2030.1"
title: 山海市党政领导干部安全生产责任制实施办法（虚构，用于测试）
jurisdiction: 山海市
effective: 2030-01-01
extends: cn-national
sources:
- prefix: SH
  title: 山海市党政领导干部安全生产责任制实施办法
  short: 山海
  articles:
  - number: 1
    paragraphs:
    - text: 本办法适用于县（市、区）党委和政府领导班子成员。
  - number: 2
    paragraphs:
    - text: 县（市、区）党委主要负责人每两年至少组织1次安全生产专题调研，每季度至少主持1次常委会会议。
scope:
- id: sh.scope
  cites: [SH-1]
  applies: direct
  roles: [party_secretary, government_head]
  levels: [county]
duties:
- id: sh.secretary.research
  cites: [SH-2]
  title: 每两年至少组织1次安全生产专题调研
  kind: periodic
  topic: research_visit
  binds: {roles: [party_secretary], levels: [county]}
  activity: research_visit
  every: two_years
  at_least: 1
- id: sh.secretary.committee
  cites: [SH-2]
  title: 每季度至少主持1次常委会会议
  kind: periodic
  topic: meetings
  binds: {roles: [party_secretary], levels: [county]}
  activity: standing_committee_meeting
  every: quarter
  at_least: 1
"""


@pytest.fixture(scope="module")
def shanhai(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    folder = tmp_path_factory.mktemp("packs")
    write(folder / "shanhai-2030.yaml", TWO_YEARS)
    return Registry([PACKS, Path(folder)]).get("shanhai-2030")


def plan_of(policy: Policy, start: dt.date, end: dt.date, as_of: dt.date = dt.date(2033, 1, 10)):
    return compliance_plan(policy, "party_secretary", "county", None, start, end, as_of)


def test_a_period_is_judged_in_the_year_it_ends():
    two = period_of("two_years", dt.date(2031, 5, 1))
    assert (two.id, judging_year(two.start, two.end)) == ("2031/2032", 2032)
    quarter = period_of("quarter", dt.date(2031, 5, 1))
    assert judging_year(quarter.start, quarter.end) == 2031


def test_the_years_a_period_spans():
    two = period_of("two_years", dt.date(2032, 2, 29))
    assert list(years_spanned(two.start, two.end)) == [2031, 2032]
    assert list(years_spanned(dt.date(2031, 4, 1), dt.date(2031, 6, 30))) == [2031]


def test_a_two_year_period_is_not_judged_in_its_first_year_and_carried_into_the_second(shanhai):
    first = plan_of(shanhai, dt.date(2031, 1, 1), dt.date(2031, 12, 31))
    here, earliest = judged_slots(first, 2031)
    assert {s.period for s in here} == {"2031-Q1", "2031-Q2", "2031-Q3", "2031-Q4"}
    assert earliest is None  # 2031/2032 ends in 2032: nothing carried into 2031
    second = plan_of(shanhai, dt.date(2032, 1, 1), dt.date(2032, 12, 31))
    here, earliest = judged_slots(second, 2032)
    assert "2031/2032" not in {s.period for s in here}
    assert earliest == dt.date(2031, 1, 1)
    assert [s.period for s in second.slots if carried_over(s, 2032)] == ["2031/2032"]
    assert not any(judged_in(s, 2032) for s in second.slots if s.period == "2031/2032")


def test_when_every_period_lies_within_the_year_the_plans_own_slots_are_judged(shanhai, hebei):
    plan = compliance_plan(
        hebei, "government_head", "county", None, dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 10)
    )
    assert judged_slots(plan, 2025) == (plan.slots, None)


def test_the_carry_counts_the_whole_period_within_the_tenure(shanhai):
    second = plan_of(shanhai, dt.date(2032, 1, 1), dt.date(2032, 12, 31))
    since, slots = carry(second, "party_secretary", "county", None, dt.date(2030, 6, 1), 2032)
    assert since == dt.date(2031, 1, 1)
    assert [(s.period, s.first, s.last, s.unmet) for s in slots] == [
        ("2031/2032", dt.date(2031, 1, 1).toordinal(), dt.date(2032, 12, 31).toordinal(), "missed")
    ]
    # A holder who came during the period is judged on their part of it (credit only).
    since, slots = carry(second, "party_secretary", "county", None, dt.date(2031, 9, 1), 2032)
    assert since == dt.date(2031, 9, 1)
    assert [(s.first, s.unmet, s.reason) for s in slots] == [
        (dt.date(2031, 9, 1).toordinal(), "not_applicable", "partial_period")
    ]


def test_nothing_is_carried_when_no_period_reaches_back(shanhai):
    first = plan_of(shanhai, dt.date(2031, 1, 1), dt.date(2031, 12, 31))
    assert carry(first, "party_secretary", "county", None, dt.date(2030, 1, 1), 2031) is None


def test_the_years_a_record_can_change(shanhai, changzhou, hebei):
    # Its own year; for a two-year duty, the year the period ends.
    assert credit_years([shanhai], "research_visit", dt.date(2031, 5, 10)) == {2031, 2032}
    assert credit_years([shanhai], "research_visit", dt.date(2032, 5, 10)) == {2032}
    assert credit_years([hebei], "research_visit", dt.date(2031, 5, 10)) == {2031}
    # Going to the scene on 1 January meets an accident of 31 December (常州: within one day).
    assert credit_years([changzhou], "scene_arrival", dt.date(2026, 1, 1)) == {2025, 2026}
    assert credit_years([changzhou], "scene_arrival", dt.date(2026, 1, 2)) == {2026}
    assert credit_years([changzhou, hebei], "unknown_activity", dt.date(2026, 1, 1)) == {2026}
