"""Properties of the assessment computation over random facts (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zeren.policy.assessment import ItemResult, evaluate_assessment, parse_assessment_facts
from zeren.policy.loader import Registry
from zeren.policy.scheme import SCHEMES_DIR, SchemeRegistry

from .conftest import PACKS

LOADED = SchemeRegistry([SCHEMES_DIR], Registry([PACKS])).get("changzhou-demo-2025")
ORDER = [b.grade for b in LOADED.scheme.grades]

accident = st.builds(
    lambda i, month, deaths, loss: {
        "id": f"A-{i}",
        "occurred_at": f"2025-{month:02d}-10T09:00:00+08:00",
        "deaths": deaths,
        "direct_loss_yuan": loss,
    },
    st.integers(0, 10_000),
    st.integers(1, 12),
    st.integers(0, 40),
    st.integers(0, 200_000_000),
)
missed = st.builds(
    lambda duty, q: {"obligation": duty, "period": f"2025-Q{q}", "status": "missed"},
    st.sampled_from(["cz-7.3-executive-meeting", "cz-6.4-standing-committee"]),
    st.integers(1, 4),
)
finding = st.builds(lambda i: {"id": f"F-{i}", "title": "问题", "found_on": "2025-03-01"}, st.integers(0, 10_000))
manual = st.builds(
    lambda n: {"item": "1.4", "deduction": "cz-demo-1.4-notice", "count": n, "reason": "通报"}, st.integers(1, 5)
)
facts = st.fixed_dictionaries(
    {
        "jurisdiction": st.just({"code": "J"}),
        "year": st.just(2025),
        "accidents": st.lists(accident, max_size=6, unique_by=lambda a: a["id"]),
        "compliance": st.lists(missed, max_size=6),
        "findings": st.lists(finding, max_size=6, unique_by=lambda f: f["id"]),
        "manual_deductions": st.lists(manual, max_size=2),
        "not_applicable": st.lists(
            st.sampled_from(["3.1", "3.2"]).map(lambda i: {"item": i, "reason": "无"}),
            max_size=2,
            unique_by=lambda n: n["item"],
        ),
    }
)


def _walk(items: tuple[ItemResult, ...]) -> list[ItemResult]:
    out: list[ItemResult] = []
    for item in items:
        out.append(item)
        out += _walk(item.children)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts)
def test_every_item_scores_between_zero_and_its_points(data: dict[str, Any]) -> None:
    verdict = evaluate_assessment(LOADED, parse_assessment_facts(data, LOADED))
    for item in _walk(verdict.items):
        if item.score is not None:
            assert Decimal(0) <= item.score <= item.points
    assert verdict.normalised_score is not None
    assert Decimal(0) <= verdict.normalised_score <= Decimal(100)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    facts,
    st.one_of(
        accident.map(lambda a: ("accidents", a)),
        missed.map(lambda m: ("compliance", m)),
        finding.map(lambda f: ("findings", f)),
    ),
)
def test_adding_a_deduction_never_raises_the_grade(data: dict[str, Any], extra: tuple[str, dict[str, Any]]) -> None:
    key, entry = extra
    if key in ("accidents", "findings"):
        entry = {**entry, "id": entry["id"] + "-extra"}
    before = evaluate_assessment(LOADED, parse_assessment_facts(data, LOADED))
    more = {**data, key: [*data[key], entry]}
    after = evaluate_assessment(LOADED, parse_assessment_facts(more, LOADED))
    assert after.score is not None and before.score is not None
    assert after.score <= before.score
    assert after.grade is not None and before.grade is not None
    assert ORDER.index(after.grade) >= ORDER.index(before.grade)
