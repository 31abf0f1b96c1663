"""Invariants of the engines, checked on generated facts (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zeren.policy.accountability import evaluate_accountability as typed_verdict
from zeren.policy.compliance import evaluate_compliance
from zeren.policy.facts import parse_accountability_facts, parse_compliance_facts
from zeren.policy.loader import Registry
from zeren.policy.vocabulary import ACTIVITIES, LEVELS, MEASURES, ROLES, SANCTIONS

REGISTRY = Registry.default()


def evaluate_accountability(policy: Any, facts: Any) -> dict[str, Any]:
    """The verdict as its JSON (the contract's shape)."""
    return typed_verdict(policy, facts).as_dict()


POLICIES = ("changzhou-2018", "hebei-2018")
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31))
records = st.lists(st.fixed_dictionaries({"activity": st.sampled_from(ACTIVITIES), "date": days}), max_size=30)


def _compliance(policy: str, role: str, level: str, recs: list[dict[str, object]], as_of: dt.date) -> dict[str, str]:
    facts = parse_compliance_facts(
        {
            "post": {"role": role, "level": level, "department_kind": "key_regulator"},
            "from": "2025-01-01",
            "to": "2025-12-31",
            "as_of": as_of.isoformat(),
            "records": [{"activity": r["activity"], "date": str(r["date"])} for r in recs],
        }
    )
    verdict = evaluate_compliance(REGISTRY.get(policy), facts)
    return {f"{i.obligation}@{i.period}": i.status for i in verdict.items}


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(POLICIES),
    st.sampled_from(ROLES),
    st.sampled_from(LEVELS),
    records,
    st.fixed_dictionaries({"activity": st.sampled_from(ACTIVITIES), "date": days}),
    days,
)
def test_a_new_record_never_turns_met_into_missed(
    policy: str, role: str, level: str, recs: list[dict[str, object]], extra: dict[str, object], as_of: dt.date
) -> None:
    before = _compliance(policy, role, level, recs, as_of)
    after = _compliance(policy, role, level, [*recs, extra], as_of)
    assert before.keys() == after.keys()
    for key, status in before.items():
        if status == "met":
            assert after[key] == "met", key
        if status in ("missed", "not_applicable"):
            assert after[key] in (status, "met"), key


decided = st.lists(
    st.one_of(
        st.fixed_dictionaries({"measure": st.sampled_from([m for m in MEASURES if m != "discipline"]), "date": days}),
        st.fixed_dictionaries({"measure": st.just("discipline"), "sanction": st.sampled_from(SANCTIONS), "date": days}),
    ),
    max_size=4,
)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(POLICIES), decided, days, st.booleans())
def test_no_restriction_ends_before_it_starts(
    policy: str, measures: list[dict[str, object]], as_of: dt.date, accident: bool
) -> None:
    facts = parse_accountability_facts(
        {
            "official": {"role": "government_deputy", "level": "county"},
            "circumstances": ["accident_responsibility" if accident else "duty_not_performed"],
            "responsibility": "main",
            **({"accident": {"occurred_at": "2025-05-03T09:10:00+08:00", "deaths": 3}} if accident else {}),
            "decided": [{k: str(v) for k, v in m.items()} for m in measures],
            "as_of": as_of.isoformat(),
        }
    )
    verdict = evaluate_accountability(REGISTRY.get(policy), facts)
    for restriction in verdict["restrictions"]:
        assert restriction["until"] is None or restriction["until"] > restriction["from"]
    blocking = [
        r
        for r in verdict["restrictions"]
        if r["kind"] in ("no_promotion", "no_leadership_post")
        and r["from"] <= as_of.isoformat()
        and (r["until"] is None or as_of.isoformat() < r["until"])
    ]
    assert verdict["may_be_promoted_on_as_of"] == (not blocking)
