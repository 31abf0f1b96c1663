"""One counting: records one by one (evaluate_compliance) and counts per day or month (the store)
give the same numbers per slot, and evaluate_compliance's counts are those of count_in_slots."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from zeren.policy.compliance import Windows, compliance_plan, count_in_slots, evaluate_compliance
from zeren.policy.facts import parse_compliance_facts
from zeren.policy.loader import Registry

REGISTRY = Registry.default()
SHAPES = [
    ("hebei-2018", "government_head", "county", None),
    ("hebei-2018", "party_secretary", "township", None),
    ("hebei-2018", "dept_deputy_for_safety", "county", "key_regulator"),
    ("changzhou-2018", "party_secretary", "county", None),
    ("changzhou-2018", "government_head", "county", None),
]
ACTIVITIES = [
    "led_inspection",
    "executive_meeting",
    "research_visit",
    "joint_meeting",
    "special_meeting",
    "standing_committee_meeting",
    "study_session",
    "duty_report",
]
days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31))


def naive(slots, records):
    return [sum(1 for a, d in records if a == s.activity and s.first <= d.toordinal() <= s.last) for s in slots]


def test_counts_are_summed_between_the_slots_bounds_inclusive_in_overlapping_windows_too():
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 10))
    hebei = REGISTRY.get("hebei-2018")
    quarters = compliance_plan(hebei, "government_head", "county", None, *year)
    halves = compliance_plan(hebei, "dept_principal", "county", "key_regulator", *year)
    q1 = next(s for s in quarters.slots if s.period == "2025-Q1" and s.activity == "led_inspection")
    h1 = next(s for s in halves.slots if s.period == "2025-H1" and s.activity == "led_inspection")
    counts = [
        ("led_inspection", dt.date(2025, 1, 1).toordinal(), 2),
        ("led_inspection", dt.date(2025, 3, 31).toordinal(), 3),
        ("led_inspection", dt.date(2025, 4, 1).toordinal(), 5),
        ("led_inspection", dt.date(2025, 7, 1).toordinal(), 11),
        ("executive_meeting", dt.date(2025, 2, 1).toordinal(), 7),
    ]
    assert Windows([q1, h1]).count(counts) == [5, 10]
    assert count_in_slots([h1, q1, h1], counts) == [10, 5, 10]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(SHAPES),
    st.lists(st.tuples(st.sampled_from(ACTIVITIES), days), max_size=40),
    days,
    days,
)
def test_records_one_by_one_per_day_and_per_month_count_the_same(shape, records, a, b):
    policy_id, role, level, kind = shape
    start, end = min(a, b), max(a, b)
    plan = compliance_plan(REGISTRY.get(policy_id), role, level, kind, start, end, dt.date(2025, 8, 1))
    one_by_one = [(act, d.toordinal(), 1) for act, d in records]
    per_day: dict[tuple[str, int], int] = {}
    for act, d in records:
        per_day[(act, d.toordinal())] = per_day.get((act, d.toordinal()), 0) + 1
    # Per month, as the store counts: a month's records on its first day within [start, end].
    per_month: dict[tuple[str, int], int] = {}
    for act, d in records:
        if start <= d <= end:
            bucket = max(d.replace(day=1), start).toordinal()
            per_month[(act, bucket)] = per_month.get((act, bucket), 0) + 1
    expected = naive(plan.slots, records)
    assert count_in_slots(plan.slots, one_by_one) == expected
    assert count_in_slots(plan.slots, [(act, d, n) for (act, d), n in per_day.items()]) == expected
    assert plan.count([(act, d, n) for (act, d), n in per_month.items()]) == expected
    facts = parse_compliance_facts(
        {
            "post": {"role": role, "level": level, "department_kind": kind},
            "from": start.isoformat(),
            "to": end.isoformat(),
            "as_of": "2025-08-01",
            "records": [{"activity": act, "date": d.isoformat()} for act, d in records],
        }
    )
    items = evaluate_compliance(REGISTRY.get(policy_id), facts).items
    assert [i.done for i in items] == expected
    assert [len(i.records) for i in items] == expected
