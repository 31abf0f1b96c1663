"""Restrictions of an accountability verdict: parts of one kind combine at the latest end, an open end
being the latest until a body sets it; no verdict's restrictions contradict each other, and
``may_be_promoted_on_as_of`` agrees with them on every date (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zeren.policy.accountability import decision_problems
from zeren.policy.accountability import evaluate_accountability as typed_verdict
from zeren.policy.facts import FactsError, parse_accountability_facts
from zeren.policy.loader import Registry
from zeren.policy.vocabulary import MEASURES, SANCTIONS

REGISTRY = Registry.default()


def evaluate_accountability(policy: Any, facts: Any) -> dict[str, Any]:
    """The verdict as its JSON (the contract's shape)."""
    return typed_verdict(policy, facts).as_dict()


POLICIES = ("changzhou-2018", "hebei-2018")
BLOCKS = ("no_promotion", "no_leadership_post")
KINDS = ("no_promotion", "no_equivalent_post", "no_important_post", "no_excellence_or_award", "no_leadership_post")
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31))
decided = st.lists(
    st.one_of(
        st.fixed_dictionaries({"measure": st.sampled_from([m for m in MEASURES if m != "discipline"]), "date": days}),
        st.fixed_dictionaries({"measure": st.just("discipline"), "sanction": st.sampled_from(SANCTIONS), "date": days}),
    ),
    max_size=4,
)
set_ends = st.lists(
    st.fixed_dictionaries(
        {"kind": st.sampled_from(KINDS), "until": st.dates(dt.date(2024, 6, 1), dt.date(2030, 1, 1))}
    ),
    max_size=3,
    unique_by=lambda e: e["kind"],
)


def facts(accident: bool, measures: list[dict[str, Any]], ends: list[dict[str, Any]], as_of: dt.date) -> Any:
    return parse_accountability_facts(
        {
            "official": {"role": "government_deputy", "level": "county"},
            "circumstances": ["accident_responsibility" if accident else "duty_not_performed"],
            "responsibility": "direct",
            **({"accident": {"occurred_at": "2024-01-01T09:10:00+08:00", "deaths": 1}} if accident else {}),
            "decided": [{k: str(v) for k, v in m.items()} for m in measures],
            "set_ends": [{"kind": e["kind"], "until": str(e["until"])} for e in ends],
            "as_of": as_of.isoformat(),
        }
    )


def blocked(restrictions: list[dict[str, Any]], day: str) -> bool:
    return any(
        r["kind"] in BLOCKS and r["from"] <= day and (r["until"] is None or day < r["until"]) for r in restrictions
    )


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(POLICIES), st.booleans(), decided, set_ends, days)
def test_restrictions_never_contradict_each_other_and_the_promotion_answer_follows_them_on_every_date(
    policy: str, accident: bool, measures: list[dict[str, Any]], ends: list[dict[str, Any]], as_of: dt.date
) -> None:
    verdict = evaluate_accountability(REGISTRY.get(policy), facts(accident, measures, ends, as_of))
    restrictions = verdict["restrictions"]
    kinds = [r["kind"] for r in restrictions]
    assert len(kinds) == len(set(kinds)), "one restriction per kind"
    for r in restrictions:
        parts = r["parts"]
        assert r["from"] == min(p["from"] for p in parts)
        if any(p["until"] is None for p in parts):
            assert r["until"] is None, f"{r['kind']}: an open part makes the restriction open"
        else:
            assert r["until"] == max(p["until"] for p in parts)
            assert r["until"] > r["from"]
    if verdict["one_vote_veto"]["applies"] and measures:
        veto_kinds = {r["kind"] for r in restrictions if "one_vote_veto" in r["because"]}
        assert {"no_promotion", "no_important_post", "no_excellence_or_award"} <= veto_kinds
        unset = {e["kind"] for e in ends}
        for r in restrictions:
            if "one_vote_veto" in r["because"] and r["kind"] not in unset:
                assert r["until"] is None, "the veto's end is open until a body sets it"
    bounds = {as_of} | {dt.date.fromisoformat(r["from"]) for r in restrictions}
    bounds |= {dt.date.fromisoformat(p["until"]) for r in restrictions for p in r["parts"] if p["until"]}
    probe = sorted({d + dt.timedelta(days=k) for d in bounds for k in (-1, 0, 1)})
    for day in probe:
        again = evaluate_accountability(REGISTRY.get(policy), facts(accident, measures, ends, day))
        assert again["restrictions"] == restrictions, "the restrictions do not depend on as_of"
        assert again["may_be_promoted_on_as_of"] == (not blocked(restrictions, day.isoformat())), day


def test_a_veto_with_admonishment_under_changzhou_blocks_promotion_until_the_veto_end_is_set() -> None:
    policy = REGISTRY.get("changzhou-2018")
    measures = [{"measure": "admonishment", "date": dt.date(2025, 9, 1)}]
    for day in (dt.date(2026, 3, 2), dt.date(2030, 1, 1)):
        assert evaluate_accountability(policy, facts(True, measures, [], day))["may_be_promoted_on_as_of"] is False
    ends = [{"kind": "no_promotion", "until": dt.date(2027, 1, 1)}]
    assert (
        evaluate_accountability(policy, facts(True, measures, ends, dt.date(2026, 12, 31)))["may_be_promoted_on_as_of"]
        is False
    )
    assert (
        evaluate_accountability(policy, facts(True, measures, ends, dt.date(2027, 1, 1)))["may_be_promoted_on_as_of"]
        is True
    )


def test_the_veto_note_comes_from_the_pack_not_the_engine() -> None:
    policy = REGISTRY.get("hebei-2018")
    measures = [{"measure": "circulated_criticism", "date": dt.date(2025, 9, 1)}]
    verdict = evaluate_accountability(policy, facts(True, measures, [], dt.date(2025, 10, 1)))
    assert policy.accountability is not None and policy.accountability.veto_period is not None
    note = policy.accountability.veto_period.open
    veto = [r for r in verdict["restrictions"] if "one_vote_veto" in r["because"]]
    assert veto and all(r["notes"] == [note] for r in veto)


def test_an_end_set_twice_for_one_kind_is_refused() -> None:
    try:
        facts(True, [], [{"kind": "no_promotion", "until": "2026-01-01"}] * 2, dt.date(2025, 1, 1))
    except FactsError as exc:
        assert exc.problems == ["set_ends: no_promotion set more than once"]
    else:
        raise AssertionError("expected FactsError")


def test_a_responsible_official_left_without_a_measure_needs_a_reason_and_a_basis() -> None:
    assert decision_problems("main", [], "", "") == [
        "no_measure.reason: required when an official found responsible is given no measure",
        "no_measure.basis: required when an official found responsible is given no measure",
    ]
    assert decision_problems("main", [], "经查实已全面履职", "CZ-26") == []
    assert decision_problems("main", ["admonishment"], "", "") == []
    assert decision_problems(None, [], "", "") == []


def test_the_verdict_is_a_frozen_typed_model_and_json_only_at_the_edge() -> None:
    import dataclasses

    policy = REGISTRY.get("changzhou-2018")
    verdict = typed_verdict(
        policy, facts(True, [{"measure": "demotion", "date": dt.date(2025, 9, 1)}], [], dt.date(2026, 1, 1))
    )
    assert verdict.accountable is True and verdict.one_vote_veto.applies is True
    promotion = next(r for r in verdict.restrictions if r.kind == "no_promotion")
    assert promotion.until is None and [p.because for p in promotion.parts] == ["demotion", "one_vote_veto"]
    assert promotion.active_on(dt.date(2030, 1, 1))
    try:
        verdict.accountable = False  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a verdict is frozen")
    data = verdict.as_dict()
    assert list(data)[:4] == ["policy", "policy_version", "accident_grade", "accountable"]
    assert data["restrictions"][1]["kind"] == "no_important_post"
    assert data["trace"][0]["rule"] == "accident-grade" and data["trace"][0]["articles"][0]["text"]
