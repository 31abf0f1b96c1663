"""Pre-filling (zeren.assessments.prefill): the facts from the records, in bulk, only what the scheme reads."""

from __future__ import annotations

import pytest

from zeren.assessments import workflow
from zeren.assessments.prefill import FACT_SOURCES, Needs, prefilled_facts, register_fact_source, targets_of
from zeren.policy.assessment import evaluate_assessment, parse_assessment_facts
from zeren.records.models import ComplianceRow

pytestmark = pytest.mark.django_db


def test_only_the_duties_the_scheme_counts_are_fetched_and_the_verdict_is_the_same(counties):
    loaded = workflow.schemes().get("changzhou-demo-2025")
    needs = Needs.of(loaded)
    assert needs.compliance is not None
    targets = targets_of([counties.world.county_a])
    everything = prefilled_facts(targets, 2025)[counties.world.county_a.pk][0]
    needed = prefilled_facts(targets, 2025, loaded)[counties.world.county_a.pk][0]
    assert 0 < len(needed["compliance"]) < len(everything["compliance"])
    missed = ComplianceRow.objects.filter(jurisdiction=counties.world.county_a, year=2025, status="missed")
    assert len(everything["compliance"]) == missed.exclude(period__startswith="event:").count()

    def score(facts):
        return evaluate_assessment(loaded, parse_assessment_facts(facts, loaded)).as_dict()["score"]

    assert score(needed) == score(everything)


def test_a_fact_source_of_another_app_is_one_function(counties, monkeypatch):
    monkeypatch.setattr("zeren.assessments.prefill.FACT_SOURCES", dict(FACT_SOURCES))

    def findings(targets, year, _needs):
        return {
            t.id: {
                "findings": [
                    {"id": "F-1", "title": "巡查发现的问题", "found_on": f"{year}-05-10", "rectified_on": None}
                ],
                "links": {"finding": {"F-1": "/tours/findings/1/"}},
            }
            for t in targets
        }

    register_fact_source("findings", findings)
    facts, links = prefilled_facts(targets_of([counties.world.county_b]), 2025)[counties.world.county_b.pk]
    assert facts["findings"][0]["id"] == "F-1" and links["finding"] == {"F-1": "/tours/findings/1/"}
    loaded = workflow.schemes().get("changzhou-demo-2025")
    verdict = evaluate_assessment(loaded, parse_assessment_facts(facts, loaded)).as_dict()
    item = next(c for i in verdict["items"] for c in i.get("children", []) if c["id"] == "4.1")
    assert item["deducted"] == 2
