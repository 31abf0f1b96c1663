"""The tour cycle (zeren.policy.tours): 河北 第十四条 two-year cycle, 常州 without a cycle; properties."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zeren.policy.facts import FactsError
from zeren.policy.loader import Registry
from zeren.policy.tours import evaluate_tour_cycle, parse_tour_cycle_facts

REGISTRY = Registry.default()
HEBEI = REGISTRY.get("hebei-2018")
CHANGZHOU = REGISTRY.get("changzhou-2018")
days = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2040, 12, 31))


def verdict(policy, as_of, tours, since=None):
    facts = {
        "as_of": as_of.isoformat(),
        "targets": [{"id": "县政府", "body": "government", "level": "below"}],
        "tours": [{"target": "县政府", "date": d.isoformat()} for d in tours],
    }
    if since:
        facts["since"] = since.isoformat()
    return evaluate_tour_cycle(policy, parse_tour_cycle_facts(facts))


def test_a_county_not_toured_in_two_years_is_due_and_the_verdict_cites_the_article():
    v = verdict(HEBEI, dt.date(2025, 6, 30), [dt.date(2023, 4, 1)])
    item = v.items[0]
    assert item.status == "due" and item.cites == ("HB-14",) and item.due_by == dt.date(2026, 12, 31)
    assert any("HB-14" in t.cites for t in v.trace)
    assert any("自然年" in n for n in v.notes)  # the pack's reading, shown as a note


def test_the_changzhou_text_sets_no_cycle():
    v = verdict(CHANGZHOU, dt.date(2025, 6, 30), [])
    assert v.cycle is None and v.items[0].status == "no_cycle"


def test_bad_facts_say_where():
    with pytest.raises(FactsError) as bad:
        parse_tour_cycle_facts(
            {
                "as_of": "2025-13-01",
                "targets": [{"id": "a", "body": "club"}],
                "tours": [{"target": "b", "date": "2025-01-01"}],
            }
        )
    assert any(p.startswith("as_of") for p in bad.value.problems)
    with pytest.raises(FactsError, match="not one of the targets"):
        parse_tour_cycle_facts(
            {
                "as_of": "2025-01-01",
                "targets": [{"id": "a", "body": "government"}],
                "tours": [{"target": "b", "date": "2025-01-01"}],
            }
        )


@given(as_of=days, offset=st.integers(min_value=0, max_value=800))
def test_a_tour_in_the_current_cycle_always_covers(as_of, offset):
    start = dt.date(as_of.year if as_of.year % 2 else as_of.year - 1, 1, 1)
    toured = max(start, as_of - dt.timedelta(days=offset))
    assert verdict(HEBEI, as_of, [toured]).items[0].status == "covered"


@given(as_of=days, toured=days)
def test_a_tour_in_the_previous_cycle_is_never_overdue_and_never_is_a_tour_after_as_of_counted(as_of, toured):
    status = verdict(HEBEI, as_of, [toured]).items[0].status
    first = as_of.year if as_of.year % 2 else as_of.year - 1
    if toured > as_of:
        assert status in ("due", "overdue")
    elif toured.year >= first:
        assert status == "covered"
    elif toured.year >= first - 2:
        assert status == "due"
    else:
        assert status == "overdue"


@given(as_of=days)
def test_no_cycle_before_since_is_overdue(as_of):
    assert verdict(HEBEI, as_of, [], since=as_of).items[0].status == "due"


def test_the_command_line_evaluates_the_cycle_and_refuses_bad_facts():
    import json
    import subprocess
    import sys

    facts = {"as_of": "2025-06-30", "targets": [{"id": "正定县委", "body": "party_committee"}],
             "tours": [{"target": "正定县委", "date": "2023-05-10"}]}
    run = subprocess.run(
        [sys.executable, "-m", "zeren.policy.cli", "evaluate", "tour_cycle", "--policy", "hebei-2018", "--facts", "-",
         "--json"], input=json.dumps(facts, ensure_ascii=False), capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["items"][0]["status"] == "due"
    bad = subprocess.run(
        [sys.executable, "-m", "zeren.policy.cli", "evaluate", "tour_cycle", "--policy", "hebei-2018", "--facts", "-"],
        input='{"as_of": "never"}', capture_output=True, text=True, check=False,
    )
    assert bad.returncode == 2 and "as_of" in bad.stderr and bad.stdout == ""
